"""The kinds of e-mail and notification of the members app (see core.notifications, docs/rules.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import EmailKind
from members import roles

MEMBERSHIP = "membership"
REGULATION = "regulation"
REPRESENTATION = "representation"
OFFICE_APPLICATION = "office_application"

KINDS = [
    EmailKind(
        MEMBERSHIP,
        _("Your organisation's application and membership (approval, requests for information, suspension)"),
        mandatory=True,
        audience=lambda user: roles.is_representative(user) or roles.is_table_staff(user),
    ),
    EmailKind(REGULATION, _("New versions of the rules of the table"), mandatory=True),
    EmailKind(
        REPRESENTATION,
        _("Requests to represent your organisation and their outcome"),
        audience=lambda user: roles.is_representative(user) or roles.is_table_staff(user),
    ),
    EmailKind(
        OFFICE_APPLICATION,
        _("For the office: new membership applications to review"),
        watch=True,
        audience=roles.is_table_staff,
    ),
]
