"""The kinds of e-mail and notification of the meetings app (see core.notifications, docs/rules.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import EmailKind
from members import roles

CONVOCATION = "convocation"
ROUTING = "routing"
MINUTES = "minutes"
PROPOSAL = "proposal"
OFFICE_MINUTES_COMMENT = "office_minutes_comment"
OFFICE_ROUTING_ANSWER = "office_routing_answer"
OFFICE_TOPIC_PROPOSAL = "office_topic_proposal"


def _takes_part(user) -> bool:
    return roles.is_representative(user) or roles.is_table_staff(user)


KINDS = [
    EmailKind(CONVOCATION, _("Convocations of meetings, their changes and cancellations"), mandatory=True),
    EmailKind(
        ROUTING,
        _("Agenda topics routed to your municipal service"),
        mandatory=True,
        audience=lambda user: roles.is_service_referent(user) or roles.is_table_staff(user),
    ),
    EmailKind(MINUTES, _("Minutes open for comments and minutes approved"), audience=_takes_part),
    EmailKind(PROPOSAL, _("The outcome of the topics you proposed"), audience=roles.is_representative),
    EmailKind(
        OFFICE_MINUTES_COMMENT,
        _("For the office: comments on the draft minutes"),
        watch=True,
        audience=roles.is_table_staff,
    ),
    EmailKind(
        OFFICE_ROUTING_ANSWER,
        _("For the office: answers of the municipal services to routed topics"),
        watch=True,
        audience=roles.is_table_staff,
    ),
    EmailKind(
        OFFICE_TOPIC_PROPOSAL,
        _("For the office: new topic proposals"),
        watch=True,
        audience=roles.is_table_staff,
    ),
]
