"""Every URL of the project, for every role, answers what this file says, written by hand.

The refusal policy (briefing): anonymous on a signed-in page -> 302 to the login page; signed in but the
role may not use the page -> 403; an object the person may not see (another organisation's, not public,
a draft) -> 404. Public pages answer 200 to everyone.

Each row is a URL name, how its arguments are taken from `world` (real objects: nothing points at an id
that does not exist unless the row says so), and six expected answers, one per role, in this order:

    anonymous   org_rep   other_org_rep   service_referent   staff (Segreteria)   assessore (Presidenza)

`org_rep` is the primary representative of "Auser Cervia", the organisation that owns the world's
objects; `other_org_rep` represents another member organisation. An answer is one of
`200 302 login 400 403 404 405 503` ("302" is a redirect elsewhere than the login page; "login" is a
302 to the login page). The expected answers are literals: they are never computed from the code's own
permission functions. A row whose key has a suffix after a space ("meetings:detail members-only")
checks the same URL on another object. A URL pattern without a row fails `test_every_url_has_a_row`.

Where today's code answers otherwise than the policy, the row keeps the policy's answer and the cell is
listed in `NOT_YET_POLICY` with today's answer: the test asserts today's answer there, so that the day
the code follows the policy the test fails and the entry must be removed (the refusal-policy work of
issue 12 is unifying these).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from members.roles import Role
from tavolo.calendars import organisation_feed_token
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    DelegateInvitationFactory,
    InitiativeFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OutgoingEmailFactory,
    RegistrationFactory,
    RepresentativeFactory,
    ResourceFactory,
    RoutingFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    UserFactory,
    theme,
    valid_fiscal_code,
)

ROLES = ("anonymous", "org_rep", "other_org_rep", "service_referent", "staff", "assessore")
ANSWERS = {"200", "302", "login", "400", "403", "404", "405", "503"}

# URL prefixes that are not ours to test here: Django admin internals and allauth's own pages
# (the admin login is tested in test_login_protection; allauth's pages in tests/tavolo/test_accounts).
EXCLUDED_PREFIXES = ("admin/", "account/", "static/", "media/")


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[Any], dict[str, Any]]
    expect: str  # six answers separated by spaces, in the order of ROLES
    method: str = "get"  # "post" for views that only accept POST (sent with an empty form)
    data: Callable[[Any], dict[str, Any]] | None = None  # the POST's form, when an empty one says nothing


def get(kwargs: Callable[[Any], dict[str, Any]] | None, expect: str) -> Row:
    return Row(kwargs or (lambda w: {}), expect)


def post(kwargs: Callable[[Any], dict[str, Any]] | None, expect: str) -> Row:
    return Row(kwargs or (lambda w: {}), expect, method="post")


def _k(**spec: str) -> Callable[[Any], dict[str, Any]]:
    """kwargs from attribute paths of the world, e.g. _k(pk="meeting.pk"); "=text" is a literal."""

    def build(world: Any) -> dict[str, Any]:
        values = {}
        for name, path in spec.items():
            if path.startswith("="):
                values[name] = path[1:]
                continue
            value: Any = world
            for part in path.split("."):
                value = getattr(value, part)
            values[name] = value
        return values

    return build


NONE = None
MEETING = _k(pk="meeting.pk")
ITEM = _k(pk="meeting.pk", item_pk="item.pk")
ORG = _k(pk="org.pk")
SESSION = _k(pk="session.pk")
DRAFT_YEAR = _k(year="draft_report.year")
INITIATIVE = _k(pk="initiative.pk")
TOKEN = _k(token="registration.token")

#                                                         anon  rep  other ref  staff assessore
MATRIX: dict[str, Row] = {
    # --- the project's own pages
    "home": get(NONE, "200 200 200 200 200 200"),
    "regolamento": get(NONE, "200 200 200 200 200 200"),
    "regolamento_version": get(_k(version="regulation_version"), "200 200 200 200 200 200"),
    "regolamento_version missing": get(_k(version="=9.9.9"), "404 404 404 404 404 404"),
    "accessibility": get(NONE, "200 200 200 200 200 200"),
    "privacy": get(NONE, "200 200 200 200 200 200"),
    "legal": get(NONE, "200 200 200 200 200 200"),
    "robots_txt": get(NONE, "200 200 200 200 200 200"),
    "sitemap": get(NONE, "200 200 200 200 200 200"),
    # An organisation's private calendar: the token in the address is the key, whoever holds it.
    "organisation_calendar_feed": get(_k(token="org_feed_token"), "200 200 200 200 200 200"),
    "organisation_calendar_feed bad token": get(_k(token="=nessun-token"), "404 404 404 404 404 404"),
    # Sending again an e-mail that failed: the office's outbox.
    "outgoing_email_retry": post(_k(pk="email.pk"), "login 403 403 403 302 302"),
    "dashboard": get(NONE, "login 200 200 200 200 200"),
    # What concerns the signed-in person (core): every role has its notifications and e-mail choices.
    "notifications:list": get(NONE, "login 200 200 200 200 200"),
    "notifications:preferences": get(NONE, "login 200 200 200 200 200"),
    "notifications:mark_all_read": post(NONE, "login 302 302 302 302 302"),
    # org_rep's own notification: followed (302 to its page); anybody else's is not found.
    "notifications:open": get(_k(pk="notification.pk"), "login 302 404 404 404 404"),
    # The one-click link of an optional e-mail: the signed token is the key, no sign-in needed.
    "notifications:unsubscribe": get(_k(token="unsubscribe_token"), "200 200 200 200 200 200"),
    "notifications:unsubscribe bad token": get(_k(token="=nessun-token"), "404 404 404 404 404 404"),
    "set_language": get(NONE, "302 302 302 302 302 302"),
    "language_switch": get(_k(code="=en"), "302 302 302 302 302 302"),
    "audit:history": get(_k(label="=members.organisation", pk="org.pk"), "login 403 403 403 200 200"),
    "privacy:home": get(NONE, "login 200 200 200 200 200"),
    "privacy:export": get(NONE, "login 200 200 200 200 200"),
    "privacy:readable": get(NONE, "login 200 200 200 200 200"),
    "profile:home": get(NONE, "login 200 200 200 200 200"),
    # --- members: public
    "members:join": get(NONE, "200 200 200 200 200 200"),
    "members:join_done": get(NONE, "302 302 302 302 302 302"),  # nothing submitted in this session
    "members:representation_request": get(NONE, "login 200 200 200 200 200"),
    "members:directory": get(NONE, "200 200 200 200 200 200"),
    "members:detail": get(_k(slug="org.slug"), "200 200 200 200 200 200"),
    "members:detail pending": get(_k(slug="pending_org.slug"), "404 404 404 404 404 404"),
    "members:services": get(NONE, "200 200 200 200 200 200"),
    "members:service_detail": get(_k(slug="service.slug"), "200 200 200 200 200 200"),
    # Signing in with SPID and CIE: with the default TAVOLO_LOGIN_METHODS (password only) these pages do
    # not exist; with the demo provider they are walked in tests/members/test_identity.py.
    "members:identity_start": get(_k(method="=spid"), "404 404 404 404 404 404"),
    "members:identity_callback": get(NONE, "404 404 404 404 404 404"),
    "members:identity_link": get(NONE, "404 404 404 404 404 404"),
    "members:identity_entity_configuration": get(NONE, "404 404 404 404 404 404"),
    "members:identity_resolve": get(NONE, "404 404 404 404 404 404"),
    "members:identity_demo": get(_k(method="=spid"), "404 404 404 404 404 404"),
    "members:identity_demo_consent": get(_k(method="=spid"), "404 404 404 404 404 404"),
    "members:identity_demo_configuration": get(_k(method="=spid"), "404 404 404 404 404 404"),
    "members:identity_demo_token": get(_k(method="=spid"), "405 405 405 405 405 405"),
    "members:identity_demo_userinfo": get(_k(method="=spid"), "404 404 404 404 404 404"),
    "members:identity_demo_revocation": get(_k(method="=spid"), "405 405 405 405 405 405"),
    "members:identity_demo_anchor": get(NONE, "404 404 404 404 404 404"),
    "members:identity_demo_fetch": get(NONE, "404 404 404 404 404 404"),
    "members:identity_demo_list": get(NONE, "404 404 404 404 404 404"),
    # --- members: the office
    "members:staff_list": get(NONE, "login 403 403 403 200 200"),
    "members:staff_queue": get(NONE, "login 403 403 403 200 200"),
    "members:staff_export_csv": get(NONE, "login 403 403 403 200 200"),
    "members:staff_export_xlsx": get(NONE, "login 403 403 403 200 200"),
    "members:staff_detail": get(ORG, "login 403 403 403 200 200"),
    "members:staff_transition": get(_k(pk="org.pk", action="=suspend"), "login 403 403 403 200 200"),
    # A pending change of fiscal code asked by Auser Cervia's representative; the empty POST is sent
    # back to the organisation's page with a message.
    "members:staff_change_decide": post(
        _k(pk="org.pk", change_pk="change_request.pk"), "login 403 403 403 302 302"
    ),
    # --- members: the organisation's own area
    # The switcher, choosing Auser Cervia: only its representative acts for it; for anyone else it is
    # an organisation that is not theirs.
    "members:act_for": Row(
        lambda w: {}, "login 302 404 404 404 404", method="post", data=lambda w: {"organisation": w.org.pk}
    ),
    # The link explains the invitation to whoever holds it; accepting needs the invited account.
    "members:invitation_accept": get(_k(token="invitation_token"), "200 200 200 200 200 200"),
    "members:invitation_accept bad token": get(_k(token="=nessun-token"), "400 400 400 400 400 400"),
    "members:my_organisation": get(ORG, "login 200 404 404 200 200"),
    "members:profile_edit": get(ORG, "login 200 404 404 200 200"),
    "members:transition": get(_k(pk="org.pk", action="=withdraw"), "login 200 404 404 200 200"),
    "members:representatives": get(ORG, "login 200 404 404 200 200"),
    "members:representative_leave": get(_k(pk="org.pk", rep_pk="rep.pk"), "login 200 404 404 200 200"),
    "members:representative_make_primary": get(_k(pk="org.pk", rep_pk="rep.pk"), "login 200 404 404 200 200"),
    "members:invitation_revoke": post(_k(pk="org.pk", inv_pk="invitation.pk"), "login 302 404 404 302 302"),
    # A pending request by someone to represent Auser Cervia: its primary representative decides.
    "members:representation_decide": post(
        _k(pk="org.pk", req_pk="representation_request.pk"), "login 302 404 404 302 302"
    ),
    "members:resources": get(ORG, "login 200 404 404 200 200"),
    "members:resource_create": get(ORG, "login 200 404 404 200 200"),
    "members:resource_edit": get(_k(pk="org.pk", resource_pk="resource.pk"), "login 200 404 404 200 200"),
    "members:resource_edit of another organisation": get(
        _k(pk="org.pk", resource_pk="other_resource.pk"), "login 404 404 404 404 404"
    ),
    # The office's pages (issue 13).
    "members:office_services": get(NONE, "login 403 403 403 200 200"),
    "members:office_service_create": get(NONE, "login 403 403 403 200 200"),
    "members:office_service_edit": get(_k(pk="service.pk"), "login 403 403 403 200 200"),
    "members:office_service_retire": post(_k(pk="service.pk"), "login 403 403 403 302 302"),
    "members:office_regulation": get(NONE, "login 403 403 403 200 200"),
    "members:office_regulation_create": get(NONE, "login 403 403 403 200 200"),
    "members:office_regulation_detail": get(_k(pk="regulation_draft.pk"), "login 403 403 403 200 200"),
    "members:office_regulation_edit": get(_k(pk="regulation_draft.pk"), "login 403 403 403 200 200"),
    # An empty form: 400 for staff (no date given), refused before that for everyone else.
    "members:office_regulation_publish": post(_k(pk="regulation_draft.pk"), "login 403 403 403 400 400"),
    # Nobody in the world has a new version to accept: the page sends them on to the reserved area.
    "members:regulation_accept": get(NONE, "login 302 302 302 302 302"),
    "members:resource_toggle": post(_k(pk="org.pk", resource_pk="resource.pk"), "login 302 404 404 302 302"),
    "members:resource_search": get(NONE, "login 200 200 200 200 200"),
    # --- meetings: public pages
    "meetings:list": get(NONE, "200 200 200 200 200 200"),
    "meetings:detail": get(MEETING, "200 200 200 200 200 200"),
    "meetings:detail members-only": get(_k(pk="members_meeting.pk"), "404 200 200 200 200 200"),
    "meetings:detail draft": get(_k(pk="draft_meeting.pk"), "404 404 404 404 200 200"),
    "meetings:ics": get(MEETING, "200 200 200 200 200 200"),
    "meetings:ics members-only": get(_k(pk="members_meeting.pk"), "404 200 200 200 200 200"),
    "meetings:ics draft": get(_k(pk="draft_meeting.pk"), "404 404 404 404 200 200"),
    "meetings:calendar_feed": get(NONE, "200 200 200 200 200 200"),
    "meetings:reply": get(MEETING, "login 405 405 405 405 405"),
    # Answering a convocation is what representatives do: the office and referents answer for nobody.
    "meetings:reply post": post(MEETING, "login 302 302 403 403 403"),
    # Minutes open for comments until next week (on a held, public meeting): representatives comment.
    "meetings:minutes_comment": post(_k(pk="held_meeting.pk"), "login 302 302 403 403 403"),
    # An attachment of the minutes open for comments: members see them, the public does not yet.
    "meetings:attachment": get(_k(pk="attachment.pk"), "404 200 200 200 200 200"),
    "meetings:attachment missing": get(_k(pk="=987654"), "404 404 404 404 404 404"),
    # --- meetings: representatives
    "meetings:my_proposals": get(NONE, "login 200 200 403 403 403"),
    "meetings:proposal_create": get(NONE, "login 200 200 403 403 403"),
    # --- meetings: service referents
    "meetings:routings": get(NONE, "login 403 403 200 200 200"),
    "meetings:routing": get(_k(pk="routing.pk"), "login 403 403 200 200 200"),
    # A routing to another service: the referent of "Servizi sociali" may not see it.
    "meetings:routing of another service": get(_k(pk="other_routing.pk"), "login 403 403 404 200 200"),
    # The office changes a routing's due date; the referent answers but does not move the deadline.
    "meetings:routing_due_date": get(_k(pk="routing.pk"), "login 403 403 403 200 200"),
    # --- meetings: the office
    "meetings:manage_list": get(NONE, "login 403 403 403 200 200"),
    "meetings:create": get(NONE, "login 403 403 403 200 200"),
    "meetings:manage": get(MEETING, "login 403 403 403 200 200"),
    "meetings:edit": get(MEETING, "login 403 403 403 200 200"),
    "meetings:convene": post(_k(pk="draft_meeting.pk"), "login 403 403 403 302 302"),
    "meetings:held": post(MEETING, "login 403 403 403 302 302"),
    # No reason given: the page again, the field named.
    "meetings:cancel": post(MEETING, "login 403 403 403 400 400"),
    "meetings:item_add": post(MEETING, "login 403 403 403 400 400"),  # empty: the form again, fields named
    "meetings:item_edit": get(ITEM, "login 403 403 403 200 200"),
    "meetings:item_move": post(ITEM, "login 403 403 403 302 302"),
    "meetings:item_remove": post(ITEM, "login 403 403 403 302 302"),
    "meetings:item_route": post(ITEM, "login 403 403 403 302 302"),
    "meetings:item_services": post(ITEM, "login 403 403 403 302 302"),
    "meetings:attendance": get(MEETING, "login 403 403 403 200 200"),
    "meetings:attendance_sheet": get(MEETING, "login 403 403 403 200 200"),
    "meetings:attendance_csv": get(MEETING, "login 403 403 403 200 200"),
    "meetings:attendance_xlsx": get(MEETING, "login 403 403 403 200 200"),
    "meetings:attendance_year": get(_k(year="=2026"), "login 403 403 403 200 200"),
    "meetings:attendance_year out-of-range": get(_k(year="=1999"), "login 403 403 403 404 404"),
    "meetings:attendance_year_csv": get(_k(year="=2026"), "login 403 403 403 200 200"),
    "meetings:attendance_year_xlsx": get(_k(year="=2026"), "login 403 403 403 200 200"),
    "meetings:minutes": get(_k(pk="held_meeting.pk"), "login 403 403 403 200 200"),
    "meetings:minutes_open": post(_k(pk="held_meeting.pk"), "login 403 403 403 302 302"),
    "meetings:minutes_approve": post(_k(pk="held_meeting.pk"), "login 403 403 403 302 302"),
    "meetings:minutes_close": post(_k(pk="held_meeting.pk"), "login 403 403 403 302 302"),
    "meetings:attachment_upload": post(_k(pk="held_meeting.pk"), "login 403 403 403 400 400"),  # no file
    "meetings:proposals": get(NONE, "login 403 403 403 200 200"),
    "meetings:proposal_decide": get(_k(pk="proposal.pk"), "login 403 403 403 200 200"),
    # --- meetings: decisions (public once the minutes are approved; owners post updates)
    "meetings:decisions": get(NONE, "200 200 200 200 200 200"),
    "meetings:decisions_feed": get(NONE, "200 200 200 200 200 200"),
    "meetings:decisions_csv": get(NONE, "200 200 200 200 200 200"),
    "meetings:decisions_json": get(NONE, "200 200 200 200 200 200"),
    "meetings:decision": get(_k(pk="decision.pk"), "200 200 200 200 200 200"),
    # A decision of draft minutes is not public yet: only the office sees it.
    "meetings:decision draft": get(_k(pk="draft_decision.pk"), "404 404 404 404 200 200"),
    # Owned by "Servizi sociali": its referent and the office may post (an empty form: 400).
    "meetings:decision_update": post(_k(pk="decision.pk"), "login 403 403 400 400 400"),
    # Owned by Auser Cervia: its representative and the office may post.
    "meetings:decision_update of an organisation": post(
        _k(pk="organisation_decision.pk"), "login 400 403 403 400 400"
    ),
    "meetings:decision_update draft": post(_k(pk="draft_decision.pk"), "login 404 404 404 404 404"),
    "meetings:decisions_manage": get(_k(pk="held_meeting.pk"), "login 403 403 403 200 200"),
    "meetings:decision_remove": post(
        _k(pk="draft_decision.agenda_item.meeting.pk", decision_pk="draft_decision.pk"),
        "login 403 403 403 302 302",
    ),
    # --- training: public pages
    "training:list": get(NONE, "200 200 200 200 200 200"),
    "training:detail": get(SESSION, "200 200 200 200 200 200"),
    # A draft is nobody's public page: the office works on it in training:manage_session.
    "training:detail draft": get(_k(pk="draft_session.pk"), "404 404 404 404 404 404"),
    "training:ics": get(SESSION, "200 200 200 200 200 200"),
    # Registering people is what representatives do (the session is for members' people).
    "training:register_people": post(SESSION, "login 400 400 403 403 403"),
    # A members' session has no public registration: nobody may use it.
    "training:register_public": post(SESSION, "404 404 404 404 404 404"),
    "training:register_public open to all": post(_k(pk="public_session.pk"), "400 400 400 400 400 400"),
    "training:certificate_lookup": get(NONE, "200 200 200 200 200 200"),
    "training:certificate_verify": get(_k(code="certificate.code"), "200 200 200 200 200 200"),
    "training:certificate_verify bad code": get(_k(code="=ABCDEFGHIJ"), "404 404 404 404 404 404"),
    # The participant's own pages: the random token of the e-mail is the key, whoever holds it.
    "training:participant": get(TOKEN, "200 200 200 200 200 200"),
    "training:participant bad token": get(_k(token="=nessun-token"), "404 404 404 404 404 404"),
    "training:verify_email": get(TOKEN, "302 302 302 302 302 302"),
    "training:participant_cancel": post(TOKEN, "302 302 302 302 302 302"),
    "training:participant_feedback": post(TOKEN, "400 400 400 400 400 400"),  # the course is ahead
    "training:participant_certificate": get(_k(token="certified.token"), "200 200 200 200 200 200"),
    "training:participant_certificate none yet": get(TOKEN, "302 302 302 302 302 302"),
    # --- training: representatives
    "training:my_registrations": get(NONE, "login 200 200 403 403 403"),
    # Staff are first asked why (a confirmation page); a representative cancels their own people at once.
    "training:registration_cancel": post(_k(pk="registration.pk"), "login 302 404 403 200 200"),
    "training:certificate_download": get(_k(pk="certificate.pk"), "login 200 404 403 200 200"),
    # --- training: the office
    "training:manage": get(NONE, "login 403 403 403 200 200"),
    "training:session_create": get(NONE, "login 403 403 403 200 200"),
    "training:manage_session": get(SESSION, "login 403 403 403 200 200"),
    "training:session_edit": get(SESSION, "login 403 403 403 200 200"),
    "training:session_status": post(SESSION, "login 403 403 403 302 302"),
    "training:lesson_create": get(SESSION, "login 403 403 403 200 200"),
    "training:lesson_edit": get(_k(pk="session.pk", lesson_pk="lesson.pk"), "login 403 403 403 200 200"),
    "training:lesson_delete": post(_k(pk="session.pk", lesson_pk="lesson.pk"), "login 403 403 403 302 302"),
    "training:attendance": get(SESSION, "login 403 403 403 200 200"),
    "training:certificates_issue": post(SESSION, "login 403 403 403 302 302"),
    "training:export_csv": get(SESSION, "login 403 403 403 200 200"),
    "training:export_xlsx": get(SESSION, "login 403 403 403 200 200"),
    "training:register_pdf": get(SESSION, "login 403 403 403 200 200"),
    # --- reports: public pages (2024 is published, with its PDF stored; 2025 is a draft)
    "reports:archive": get(NONE, "200 200 200 200 200 200"),
    "reports:detail": get(_k(year="report.year"), "200 200 200 200 200 200"),
    "reports:detail draft": get(DRAFT_YEAR, "404 404 404 404 404 404"),
    "reports:pdf": get(_k(year="report.year"), "200 200 200 200 200 200"),
    "reports:pdf draft": get(DRAFT_YEAR, "404 404 404 404 404 404"),
    "reports:csv": get(_k(year="report.year"), "200 200 200 200 200 200"),
    "reports:csv draft": get(DRAFT_YEAR, "404 404 404 404 404 404"),
    "reports:json": get(_k(year="report.year"), "200 200 200 200 200 200"),
    "reports:json draft": get(DRAFT_YEAR, "404 404 404 404 404 404"),
    "reports:version_pdf": get(_k(year="report.year", number="=1"), "200 200 200 200 200 200"),
    "reports:version_pdf missing": get(_k(year="report.year", number="=2"), "404 404 404 404 404 404"),
    "reports:datapackage": get(_k(year="report.year"), "200 200 200 200 200 200"),
    "reports:datapackage draft": get(DRAFT_YEAR, "404 404 404 404 404 404"),
    "reports:dcat": get(NONE, "200 200 200 200 200 200"),
    "reports:version_data": get(
        _k(year="report.year", number="=1", name="=indicatori.csv"), "200 200 200 200 200 200"
    ),
    "reports:version_data unknown file": get(
        _k(year="report.year", number="=1", name="=segreti.csv"), "404 404 404 404 404 404"
    ),
    "reports:version_data missing": get(
        _k(year="report.year", number="=2", name="=indicatori.csv"), "404 404 404 404 404 404"
    ),
    # --- reports: the office
    "reports:manage": get(NONE, "login 403 403 403 200 200"),
    "reports:edit": get(DRAFT_YEAR, "login 403 403 403 200 200"),
    "reports:publish": post(DRAFT_YEAR, "login 403 403 403 302 302"),
    "reports:preview": get(DRAFT_YEAR, "login 403 403 403 200 200"),
    "reports:preview_pdf": get(DRAFT_YEAR, "login 403 403 403 200 200"),
    # --- reports: initiatives (declared by representatives, validated by the office)
    "reports:initiative_list": get(NONE, "login 200 200 403 200 200"),
    "reports:initiative_create": get(NONE, "login 200 200 403 403 403"),
    "reports:initiative_detail": get(INITIATIVE, "login 200 404 403 200 200"),
    "reports:initiative_edit": get(INITIATIVE, "login 200 404 403 200 200"),
    "reports:initiative_submit": post(INITIATIVE, "login 302 404 403 302 302"),
    "reports:initiative_validate": post(_k(pk="submitted_initiative.pk"), "login 403 403 403 302 302"),
    "reports:initiative_send_back": post(_k(pk="submitted_initiative.pk"), "login 403 403 403 302 302"),
}

# Cells where today's code does not follow the policy yet: {(row, role): today's answer}. The row above
# keeps the policy's answer; this list shrinks as the code is unified (issue 12), never grows silently.
# Empty since the routings, initiatives and training pages refuse the roles they are not for (403).
NOT_YET_POLICY: dict[tuple[str, str], str] = {}


def project_url_names() -> dict[str, str]:
    """{name: route} of every URL pattern outside the excluded prefixes (unnamed ones by route)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
                found[name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def _url_name(key: str) -> str:
    return key.split(" ", 1)[0]


def test_every_url_has_a_row():
    urls = project_url_names()
    missing = sorted(f"{name} ({route})" for name, route in urls.items() if name not in MATRIX)
    assert not missing, "URL patterns without a row in the permission matrix: " + ", ".join(missing)
    stale = sorted(key for key in MATRIX if _url_name(key) not in urls)
    assert not stale, "Matrix rows for URLs that no longer exist: " + ", ".join(stale)


def test_every_row_has_six_known_answers():
    bad = [
        key
        for key, row in MATRIX.items()
        if len(row.expect.split()) != 6 or set(row.expect.split()) - ANSWERS
    ]
    assert not bad, bad
    unknown = [cell for cell in NOT_YET_POLICY if cell[0] not in MATRIX or cell[1] not in ROLES]
    assert not unknown, unknown


@pytest.fixture
def world(
    db, settings, tmp_path, org_rep, other_org_rep, service_referent, municipal_service, staff, assessore
):
    from core.models import Notification
    from core.notifications import unsubscribe_token
    from meetings.models import Attachment, Minutes, MinutesStatus
    from members.models import (
        LegalForm,
        OrganisationStatus,
        ProfileChangeRequest,
        RegulationVersion,
        RepresentationRequest,
    )
    from members.services import invitation_token
    from reports.models import ReportVersion
    from training.models import Certificate

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    org = org_rep.representations.get().organisation
    other_org = other_org_rep.representations.get().organisation
    now = timezone.now().replace(microsecond=0)
    meeting = MeetingFactory(status="convened")
    item = AgendaItemFactory(meeting=meeting, themes=[theme("anziani")])
    held = MeetingFactory(status="held", starts_at=now - dt.timedelta(days=7))
    minutes = Minutes.objects.create(
        meeting=held,
        status=MinutesStatus.OPEN_FOR_COMMENTS,
        comments_until=timezone.localdate() + dt.timedelta(days=7),
        general_notes="Verbale della plenaria.",
    )
    attachment = Attachment(
        minutes=minutes, original_name="presenze.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("presenze.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    session = TrainingSessionFactory()
    past_session = TrainingSessionFactory(status="completed")
    certified = RegistrationFactory(session=past_session, organisation=org)
    certificate = Certificate.objects.create(
        registration=certified, hours_attended=Decimal(3), total_hours=Decimal(3), issued_by=staff
    )
    report = AnnualReportFactory(year=2024, status="published")
    version = ReportVersion.objects.create(
        report=report, number=1, published_by=staff, figures={}, narrative={}
    )
    version.pdf.save("relazione.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    other_service = MunicipalServiceFactory(name="Servizio casa")
    invitation = DelegateInvitationFactory(organisation=org, email="delegata@example.org")
    decision, organisation_decision, draft_decision = _decisions(municipal_service, org)
    w = SimpleNamespace(
        notification=Notification.objects.create(
            recipient=org_rep, kind="minutes", text="Verbale approvato", url="/incontri/", key="matrix"
        ),
        unsubscribe_token=unsubscribe_token(org_rep.pk, "minutes"),
        decision=decision,
        organisation_decision=organisation_decision,
        draft_decision=draft_decision,
        email=OutgoingEmailFactory(status="failed"),
        org_feed_token=organisation_feed_token(org),
        org=org,
        other_org=other_org,
        pending_org=RepresentativeFactory(organisation__status=OrganisationStatus.PENDING).organisation,
        rep=RepresentativeFactory(organisation=org, is_primary=False),
        service=municipal_service,
        meeting=meeting,
        members_meeting=MeetingFactory(status="convened", is_public=False, title="Riunione riservata"),
        draft_meeting=MeetingFactory(status="draft"),
        held_meeting=held,
        attachment=attachment,
        item=item,
        routing=RoutingFactory(agenda_item=item, service=municipal_service),
        other_routing=RoutingFactory(
            agenda_item=AgendaItemFactory(meeting=meeting, position=2), service=other_service
        ),
        proposal=TopicProposalFactory(organisation=org, proposer=org_rep),
        session=session,
        draft_session=TrainingSessionFactory(status="draft"),
        public_session=TrainingSessionFactory(audience="public"),
        lesson=session.lessons.first(),
        registration=RegistrationFactory(session=session, organisation=org),
        certified=certified,
        certificate=certificate,
        report=report,
        draft_report=AnnualReportFactory(year=2025, status="draft"),
        initiative=InitiativeFactory(lead_organisation=org, status="draft", starts_on=dt.date(2024, 3, 1)),
        submitted_initiative=InitiativeFactory(lead_organisation=org, status="submitted"),
        resource=ResourceFactory(organisation=org),
        other_resource=ResourceFactory(organisation=other_org),
        invitation=invitation,
        invitation_token=invitation_token(invitation),
        change_request=ProfileChangeRequest.objects.create(
            organisation=org, requested_by=org_rep, fiscal_code=valid_fiscal_code(4242)
        ),
        representation_request=RepresentationRequest.objects.create(
            organisation=org, user=UserFactory(), role_in_organisation="Tesoriera"
        ),
        regulation_version=RegulationVersion.objects.filter(is_published=True)
        .values_list("version", flat=True)
        .first(),
        regulation_draft=RegulationVersion.objects.create(
            version="9.9", title="Bozza", body="Testo", effective_from=dt.date(2030, 1, 1)
        ),
    )
    assert LegalForm.objects.exists()
    # A view that crashes is an answer too ("500"), not the end of the matrix.
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in (
        ("org_rep", org_rep),
        ("other_org_rep", other_org_rep),
        ("service_referent", service_referent),
        ("staff", staff),
        ("assessore", assessore),
    ):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    w.clients = clients
    return w


def _decisions(service, organisation):
    """Decisions of approved public minutes (one owned by the service, one by the organisation) and
    one of draft minutes."""
    from meetings.models import Decision, DecisionUpdate, Minutes

    decisions = []
    for minutes_status, owner in (
        ("approved", "service"),
        ("approved", "organisations"),
        ("draft", "service"),
    ):
        meeting = MeetingFactory(
            status="minutes_approved" if minutes_status == "approved" else "held",
            starts_at=dt.datetime(2025, 3, 4, 17, tzinfo=dt.UTC),
        )
        Minutes.objects.create(meeting=meeting, status=minutes_status)
        decision = Decision.objects.create(
            agenda_item=AgendaItemFactory(meeting=meeting),
            kind="commitment",
            title=f"Decisione {owner} {minutes_status}",
            owner_kind=owner,
            owner_service=service if owner == "service" else None,
        )
        if owner == "organisations":
            decision.owner_organisations.set([organisation])
        DecisionUpdate.objects.create(decision=decision, to_status="planned")
        decisions.append(decision)
    return decisions


def answer(response) -> str:
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the database
        # connection (response.close() alone would, through request_finished, on PostgreSQL).
        b"".join(response.streaming_content)
    if response.status_code == 302:
        location = response.headers["Location"]
        return "login" if location.startswith(reverse("account_login")) else "302"
    return str(response.status_code)


@pytest.mark.django_db
def test_permission_matrix(world):
    mismatches = []
    for key, row in sorted(MATRIX.items()):
        url = reverse(_url_name(key), kwargs=row.kwargs(world))
        for role, policy in zip(ROLES, row.expect.split(), strict=True):
            expected = NOT_YET_POLICY.get((key, role), policy)
            # Each request in a savepoint rolled back: an allowed POST must not change the next row's world.
            with transaction.atomic():
                data = row.data(world) if row.data else {}
                got = answer(getattr(world.clients[role], row.method)(url, data))
                transaction.set_rollback(True)
            if got != expected:
                note = "" if expected == policy else f" (listed in NOT_YET_POLICY; the policy says {policy})"
                mismatches.append(f"{key} {url} as {role}: expected {expected}{note}, got {got}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_staff_without_totp_are_refused_everywhere_in_the_staff_area(world, client):
    client.force_login(UserFactory(is_staff=True, roles=[Role.SEGRETERIA]))
    for key, row in MATRIX.items():
        url = reverse(_url_name(key), kwargs=row.kwargs(world))
        if url.startswith("/area-riservata/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.headers["Location"] == reverse("mfa_activate_totp"), url


@pytest.mark.django_db
def test_a_representative_cannot_suspend_their_own_organisation(world):
    from members.models import OrganisationStatus

    url = reverse("members:staff_transition", kwargs={"pk": world.org.pk, "action": "suspend"})
    response = world.clients["org_rep"].post(url, {"reason": "prova"})
    world.org.refresh_from_db()
    assert world.org.status == OrganisationStatus.ACTIVE
    assert response.status_code == 403  # a staff page: the role may not use it


LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#?]*)')


@pytest.mark.django_db
def test_no_role_is_linked_from_its_pages_to_a_page_that_refuses_it(world):
    """The menu, the reserved area and the pages it links lead nowhere the role is refused (403)."""
    refused = []
    for role in ROLES[1:]:
        client = world.clients[role]
        seen: set[str] = set()
        for start in ("/", reverse("dashboard")):
            for href in LINK.findall(client.get(start).content.decode()):
                if href in seen or href.startswith(("/static/", "/media/", "/admin/")):
                    continue
                seen.add(href)
                with transaction.atomic():
                    status = client.get(href).status_code
                    transaction.set_rollback(True)
                if status == 403:
                    refused.append(f"{role}: {start} links {href}")
    assert not refused, "\n".join(refused)
