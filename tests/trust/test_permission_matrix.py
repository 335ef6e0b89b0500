"""Every URL of the project, for every role, answers what the matrix says.

Adding a URL pattern without a row here fails `test_every_url_has_a_row` with the URL's name.
A row is `"namespace:name": Row(kwargs, expectations)`: `kwargs` builds the URL's arguments from the
`world` (objects of the representative's own organisation, by default); expectations map each role to
a status class. Objects of another organisation must give 404: rows for them use `other_*` objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.roles import Role
from tavolo.calendars import organisation_feed_token
from tests.conftest import enrol_totp
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    DelegateInvitationFactory,
    InitiativeFactory,
    MeetingFactory,
    OutgoingEmailFactory,
    RegistrationFactory,
    RepresentativeFactory,
    ResourceFactory,
    RoutingFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    UserFactory,
    theme,
)

# Status classes.
OK = "200"
LOGIN = "302 to login"
REDIRECT = "302 elsewhere"
FORBIDDEN = "403"
NOT_FOUND = "404"
METHOD = "405 (POST only)"
BAD_REQUEST = "400"
ALLOWED = "allowed (200, 302 elsewhere or 400)"  # a POST that passed the permission check
# Refusals are exact (403 for a role that may not use the page, 404 for what is not yours).
_MATCHES = {ALLOWED: {OK, REDIRECT, BAD_REQUEST}}

ROLES = ("anonymous", "representative", "other_representative", "service_referent", "staff", "presidenza")

# URL prefixes that are not ours to test here: Django admin internals and allauth's own pages
# (the admin login is tested in test_login_protection; allauth is tested upstream).
EXCLUDED_PREFIXES = ("admin/", "account/", "static/", "media/")


def every(status: str, **overrides: str) -> dict[str, str]:
    return {role: overrides.get(role, status) for role in ROLES}


PUBLIC = every(OK)
SIGNED_IN = every(OK, anonymous=LOGIN)
# Refusal policy: a signed-in role that may not use a staff page gets 403, in every app.
STAFF_ONLY = every(FORBIDDEN, anonymous=LOGIN, staff=OK, presidenza=OK)
STAFF_POST = every(FORBIDDEN, anonymous=LOGIN, staff=ALLOWED, presidenza=ALLOWED)
REPRESENTATIVES = every(FORBIDDEN, anonymous=LOGIN, representative=OK, other_representative=OK)
REFERENTS = every(FORBIDDEN, anonymous=LOGIN, service_referent=OK)
# The representative's own organisation: others get 404 (they must not learn it exists).
OWN_ORGANISATION = every(NOT_FOUND, anonymous=LOGIN, representative=OK, staff=OK, presidenza=OK)
OWN_POST = every(NOT_FOUND, anonymous=LOGIN, representative=ALLOWED, staff=ALLOWED, presidenza=ALLOWED)


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    expect: dict[str, str] = field(default_factory=lambda: dict(PUBLIC))
    method: str = "get"  # "post" for views that only accept POST: outsiders must be refused the POST


def post(kwargs: Callable[[Any], dict[str, Any]], expect: dict[str, str]) -> Row:
    return Row(kwargs, expect, method="post")


def _k(**spec: str) -> Callable[[Any], dict[str, Any]]:
    """kwargs from attribute paths of the world, e.g. _k(pk="meeting.pk"); "=text" is a literal."""

    def build(world: Any) -> dict[str, Any]:
        values = {}
        for name, path in spec.items():
            if path.startswith("="):  # a literal, e.g. action="=suspend"
                values[name] = path[1:]
                continue
            value: Any = world
            for part in path.split("."):
                value = getattr(value, part)
            values[name] = value
        return values

    return build


MEETING = _k(pk="meeting.pk")
ITEM = _k(pk="meeting.pk", item_pk="item.pk")
ORG = _k(pk="org.pk")
SESSION = _k(pk="session.pk")
YEAR = _k(year="report.year")
INITIATIVE = _k(pk="initiative.pk")

MATRIX: dict[str, Row] = {
    # --- tavolo
    "home": Row(),
    "regolamento": Row(),
    "regolamento_version": Row(_k(version="regulation_version"), PUBLIC),
    "accessibility": Row(),
    "privacy": Row(),
    "legal": Row(),
    "robots_txt": Row(),
    "sitemap": Row(),
    "dashboard": Row(expect=SIGNED_IN),
    "outgoing_email_retry": post(_k(pk="email.pk"), STAFF_POST),
    "organisation_calendar_feed": Row(_k(token="org_feed_token"), PUBLIC),  # the token is the key
    "set_language": Row(expect=every(REDIRECT)),
    "audit:history": Row(_k(label="org_label", pk="org.pk"), STAFF_ONLY),
    "privacy:home": Row(expect=SIGNED_IN),
    "privacy:export": Row(expect=SIGNED_IN),
    # --- members
    "members:join": Row(),
    "members:join_done": Row(expect=every(REDIRECT)),  # nothing submitted in this session
    "members:representation_request": Row(expect=SIGNED_IN),
    "members:directory": Row(),
    "members:detail": Row(_k(slug="org.slug")),
    "members:services": Row(),
    "members:service_detail": Row(_k(slug="service.slug")),
    "members:staff_list": Row(expect=STAFF_ONLY),
    "members:staff_queue": Row(expect=STAFF_ONLY),
    "members:staff_export_csv": Row(expect=STAFF_ONLY),
    "members:staff_export_xlsx": Row(expect=STAFF_ONLY),
    "members:staff_detail": Row(ORG, STAFF_ONLY),
    "members:staff_transition": Row(_k(pk="org.pk", action="=suspend"), STAFF_ONLY),
    "members:staff_change_decide": post(
        _k(pk="org.pk", change_pk="missing"),
        every(FORBIDDEN, anonymous=LOGIN, staff=NOT_FOUND, presidenza=NOT_FOUND),
    ),
    # the switcher: only an organisation the person acts for (none here: the row posts no choice)
    "members:act_for": post(_k(), every(NOT_FOUND, anonymous=LOGIN)),
    "members:invitation_accept": Row(_k(token="bad_token"), every(BAD_REQUEST, anonymous=LOGIN)),
    "members:my_organisation": Row(ORG, OWN_ORGANISATION),
    "members:profile_edit": Row(ORG, OWN_ORGANISATION),
    "members:transition": Row(_k(pk="org.pk", action="=withdraw"), OWN_ORGANISATION),
    "members:representatives": Row(ORG, OWN_ORGANISATION),
    "members:representative_leave": Row(_k(pk="org.pk", rep_pk="rep.pk"), OWN_ORGANISATION),
    "members:representative_make_primary": Row(_k(pk="org.pk", rep_pk="rep.pk"), OWN_ORGANISATION),
    "members:invitation_revoke": post(_k(pk="org.pk", inv_pk="invitation.pk"), OWN_POST),
    "members:representation_decide": post(
        _k(pk="org.pk", req_pk="missing"), every(NOT_FOUND, anonymous=LOGIN)
    ),
    "members:resources": Row(ORG, OWN_ORGANISATION),
    "members:resource_create": Row(ORG, OWN_ORGANISATION),
    "members:resource_edit": Row(_k(pk="org.pk", resource_pk="resource.pk"), OWN_ORGANISATION),
    "members:resource_toggle": post(_k(pk="org.pk", resource_pk="resource.pk"), OWN_POST),
    "members:resource_search": Row(expect=every(OK, anonymous=LOGIN)),
    # --- meetings
    "meetings:list": Row(),
    "meetings:detail": Row(MEETING),
    "meetings:ics": Row(MEETING),
    "meetings:calendar_feed": Row(),
    "meetings:reply": post(
        MEETING, every(FORBIDDEN, anonymous=LOGIN, representative=ALLOWED, other_representative=ALLOWED)
    ),
    "meetings:minutes_comment": post(
        MEETING, every(FORBIDDEN, anonymous=LOGIN)
    ),  # no minutes open for comments yet
    "meetings:attachment": Row(_k(pk="missing"), every(NOT_FOUND)),
    "meetings:my_proposals": Row(expect=REPRESENTATIVES),
    "meetings:proposal_create": Row(expect=REPRESENTATIVES),
    "meetings:routings": Row(expect=SIGNED_IN),  # an empty list for people who are not referents
    "meetings:routing": Row(
        _k(pk="routing.pk"), every(NOT_FOUND, anonymous=LOGIN, service_referent=OK, staff=OK, presidenza=OK)
    ),
    "meetings:manage_list": Row(expect=STAFF_ONLY),
    "meetings:create": Row(expect=STAFF_ONLY),
    "meetings:manage": Row(MEETING, STAFF_ONLY),
    "meetings:edit": Row(MEETING, STAFF_ONLY),
    "meetings:convene": post(MEETING, STAFF_POST),
    "meetings:held": post(MEETING, STAFF_POST),
    "meetings:cancel": post(MEETING, STAFF_POST),
    "meetings:item_add": post(MEETING, STAFF_POST),
    "meetings:item_edit": Row(ITEM, STAFF_ONLY),
    "meetings:item_move": post(ITEM, STAFF_POST),
    "meetings:item_remove": post(ITEM, STAFF_POST),
    "meetings:item_route": post(ITEM, STAFF_POST),
    "meetings:item_services": post(ITEM, STAFF_POST),
    "meetings:attendance": Row(MEETING, STAFF_ONLY),
    "meetings:attendance_sheet": Row(MEETING, STAFF_ONLY),
    "meetings:minutes": Row(MEETING, STAFF_ONLY),
    "meetings:minutes_open": post(MEETING, STAFF_POST),
    "meetings:minutes_approve": post(MEETING, STAFF_POST),
    "meetings:attachment_upload": post(MEETING, STAFF_POST),
    "meetings:proposals": Row(expect=STAFF_ONLY),
    "meetings:decisions": Row(),
    "meetings:decisions_feed": Row(),
    "meetings:decisions_csv": Row(),
    "meetings:decisions_json": Row(),
    "meetings:decision": Row(_k(pk="decision.pk")),
    # The owning service's referents and the office post updates; other signed-in roles get 403.
    "meetings:decision_update": post(
        _k(pk="decision.pk"),
        every(FORBIDDEN, anonymous=LOGIN, service_referent=ALLOWED, staff=ALLOWED, presidenza=ALLOWED),
    ),
    "meetings:decisions_manage": Row(MEETING, STAFF_ONLY),
    "meetings:decision_remove": post(
        _k(pk="draft_decision.agenda_item.meeting.pk", decision_pk="draft_decision.pk"), STAFF_POST
    ),
    "meetings:proposal_decide": Row(_k(pk="proposal.pk"), STAFF_ONLY),
    # --- training
    "training:list": Row(),
    "training:detail": Row(SESSION),
    "training:ics": Row(SESSION),
    "training:register_people": post(
        SESSION, every(FORBIDDEN, anonymous=LOGIN, representative=ALLOWED, other_representative=ALLOWED)
    ),
    "training:register_public": post(SESSION, every(NOT_FOUND)),  # the session is not open to the public
    "training:certificate_lookup": Row(),
    "training:certificate_verify": Row(_k(code="bad_token"), every(NOT_FOUND)),
    "training:participant": Row(_k(token="registration.token")),
    "training:verify_email": Row(_k(token="registration.token"), every(REDIRECT)),
    "training:participant_cancel": post(
        _k(token="registration.token"), every(ALLOWED)
    ),  # the token is the key
    "training:participant_feedback": post(_k(token="registration.token"), every(BAD_REQUEST)),
    "training:participant_certificate": Row(
        _k(token="registration.token"), every(REDIRECT)
    ),  # none issued yet
    "training:my_registrations": Row(expect=SIGNED_IN),  # an empty list for people without an organisation
    "training:registration_cancel": post(
        _k(pk="registration.pk"),
        every(NOT_FOUND, anonymous=LOGIN, representative=ALLOWED, staff=ALLOWED, presidenza=ALLOWED),
    ),
    "training:certificate_download": Row(_k(pk="missing"), every(NOT_FOUND, anonymous=LOGIN)),
    "training:manage": Row(expect=STAFF_ONLY),
    "training:session_create": Row(expect=STAFF_ONLY),
    "training:manage_session": Row(SESSION, STAFF_ONLY),
    "training:session_edit": Row(SESSION, STAFF_ONLY),
    "training:session_status": post(SESSION, STAFF_POST),
    "training:lesson_create": Row(SESSION, STAFF_ONLY),
    "training:lesson_edit": Row(_k(pk="session.pk", lesson_pk="lesson.pk"), STAFF_ONLY),
    "training:lesson_delete": post(_k(pk="session.pk", lesson_pk="lesson.pk"), STAFF_POST),
    "training:attendance": Row(SESSION, STAFF_ONLY),
    "training:certificates_issue": post(SESSION, STAFF_POST),
    "training:export_csv": Row(SESSION, STAFF_ONLY),
    "training:export_xlsx": Row(SESSION, STAFF_ONLY),
    "training:register_pdf": Row(SESSION, STAFF_ONLY),
    # --- reports
    "reports:archive": Row(),
    "reports:detail": Row(YEAR, every(NOT_FOUND)),
    "reports:pdf": Row(YEAR, every(NOT_FOUND)),
    "reports:csv": Row(YEAR, every(NOT_FOUND)),
    "reports:json": Row(YEAR, every(NOT_FOUND)),
    "reports:version_pdf": Row(_k(year="report.year", number="missing"), every(NOT_FOUND)),
    "reports:manage": Row(expect=STAFF_ONLY),
    "reports:edit": Row(YEAR, STAFF_ONLY),
    "reports:publish": post(YEAR, STAFF_POST),
    "reports:preview": Row(YEAR, STAFF_ONLY),
    "reports:preview_pdf": Row(YEAR, STAFF_ONLY),
    "reports:initiative_list": Row(expect=every(OK, anonymous=LOGIN, service_referent=FORBIDDEN)),
    "reports:initiative_create": Row(
        expect=every(FORBIDDEN, anonymous=LOGIN, representative=OK, other_representative=OK)
    ),
    "reports:initiative_detail": Row(INITIATIVE, OWN_ORGANISATION),
    "reports:initiative_edit": Row(
        INITIATIVE, every(NOT_FOUND, anonymous=LOGIN, representative=OK, staff=OK, presidenza=OK)
    ),
    "reports:initiative_submit": post(
        INITIATIVE,
        every(NOT_FOUND, anonymous=LOGIN, representative=ALLOWED, staff=ALLOWED, presidenza=ALLOWED),
    ),
    "reports:initiative_validate": post(INITIATIVE, STAFF_POST),
    "reports:initiative_send_back": post(INITIATIVE, STAFF_POST),
}


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


def test_every_url_has_a_row():
    urls = project_url_names()
    missing = sorted(f"{name} ({route})" for name, route in urls.items() if name not in MATRIX)
    assert not missing, "URL patterns without a row in the permission matrix: " + ", ".join(missing)
    stale = sorted(set(MATRIX) - set(urls))
    assert not stale, "Matrix rows for URLs that no longer exist: " + ", ".join(stale)


@pytest.fixture
def world(db, org_rep, other_org_rep, service_referent, municipal_service, staff, assessore):
    from members.models import RegulationVersion

    org = org_rep.representations.get().organisation
    other_org = other_org_rep.representations.get().organisation
    meeting = MeetingFactory(status="convened")
    item = AgendaItemFactory(meeting=meeting, themes=[theme("anziani")])
    session = TrainingSessionFactory()
    published, draft = _decisions(municipal_service)
    w = SimpleNamespace(
        decision=published,
        draft_decision=draft,
        org=org,
        other_org=other_org,
        org_label="members.organisation",
        rep=RepresentativeFactory(organisation=org, is_primary=False),
        service=municipal_service,
        meeting=meeting,
        item=item,
        routing=RoutingFactory(agenda_item=item, service=municipal_service),
        proposal=TopicProposalFactory(organisation=org, proposer=org_rep),
        session=session,
        lesson=session.lessons.first(),
        registration=RegistrationFactory(session=session, organisation=org),
        report=AnnualReportFactory(year=2024, status="draft"),  # a draft: public pages must not show it
        initiative=InitiativeFactory(lead_organisation=org, status="draft", starts_on=dt.date(2024, 3, 1)),
        resource=ResourceFactory(organisation=org),
        invitation=DelegateInvitationFactory(organisation=org),
        regulation_version=RegulationVersion.objects.filter(is_published=True)
        .values_list("version", flat=True)
        .first(),
        email=OutgoingEmailFactory(status="failed"),
        org_feed_token=organisation_feed_token(org),
        missing=987654,
        bad_token="nessun-token-valido",
    )
    clients = {"anonymous": Client()}
    for role, user in (
        ("representative", org_rep),
        ("other_representative", other_org_rep),
        ("service_referent", service_referent),
        ("staff", staff),
        ("presidenza", assessore),
    ):
        client = Client()
        client.force_login(user)
        clients[role] = client
    w.clients = clients
    return w


def _decisions(service):
    """A decision of approved public minutes owned by the service, and one of draft minutes."""
    from meetings.models import Decision, DecisionUpdate, Minutes

    decisions = []
    for minutes_status, meeting_status in (("approved", "minutes_approved"), ("draft", "held")):
        meeting = MeetingFactory(status=meeting_status, starts_at=dt.datetime(2025, 3, 4, 17, tzinfo=dt.UTC))
        Minutes.objects.create(meeting=meeting, status=minutes_status)
        decision = Decision.objects.create(
            agenda_item=AgendaItemFactory(meeting=meeting),
            kind="service_request",
            title=f"Decisione {minutes_status}",
            owner_kind="service",
            owner_service=service,
        )
        DecisionUpdate.objects.create(decision=decision, to_status="planned")
        decisions.append(decision)
    return decisions


def matches(expected: str, got: str) -> bool:
    return got == expected or got in _MATCHES.get(expected, ())


def status_class(response) -> str:
    if response.status_code == 302:
        location = response.headers["Location"]
        return LOGIN if location.startswith(reverse("account_login")) else REDIRECT
    if response.status_code == 405:
        return METHOD
    return str(response.status_code)


@pytest.mark.django_db
def test_permission_matrix(world):
    urls = project_url_names()
    mismatches = []
    for name, row in sorted(MATRIX.items()):
        if name not in urls:
            continue  # reported by test_every_url_has_a_row
        url = reverse(name, kwargs=row.kwargs(world))
        for role in ROLES:
            # Each request in a savepoint rolled back: an allowed POST must not change the next row's world.
            with transaction.atomic():
                got = status_class(getattr(world.clients[role], row.method)(url))
                transaction.set_rollback(True)
            if not matches(row.expect[role], got):
                mismatches.append(f"{name} {url} as {role}: expected {row.expect[role]}, got {got}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_staff_without_totp_are_refused_everywhere_in_the_staff_area(world, client):
    client.force_login(UserFactory(is_staff=True, roles=[Role.SEGRETERIA]))
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world))
        if url.startswith("/area-riservata/"):
            response = client.get(url)
            assert response.status_code == 302 and response.headers["Location"] == reverse(
                "mfa_activate_totp"
            ), url


__all__ = ["MATRIX", "Row", "enrol_totp"]


@pytest.mark.django_db
def test_a_representative_cannot_suspend_their_own_organisation(world):
    from members.models import OrganisationStatus

    url = reverse("members:staff_transition", kwargs={"pk": world.org.pk, "action": "suspend"})
    response = world.clients["representative"].post(url, {"reason": "prova"})
    world.org.refresh_from_db()
    assert world.org.status == OrganisationStatus.ACTIVE
    # The staff URL must not even show the representative a form.
    assert response.status_code in {403, 404}


@pytest.mark.django_db
def test_a_decision_of_draft_minutes_is_not_found_except_by_the_office(world):
    detail = reverse("meetings:decision", kwargs={"pk": world.draft_decision.pk})
    update = reverse("meetings:decision_update", kwargs={"pk": world.draft_decision.pk})
    expected = {
        "anonymous": (NOT_FOUND, LOGIN),
        "representative": (NOT_FOUND, NOT_FOUND),
        "other_representative": (NOT_FOUND, NOT_FOUND),
        "service_referent": (NOT_FOUND, NOT_FOUND),
        "staff": (OK, NOT_FOUND),
        "presidenza": (OK, NOT_FOUND),
    }
    for role, (on_detail, on_update) in expected.items():
        client = world.clients[role]
        assert status_class(client.get(detail)) == on_detail, role
        assert status_class(client.post(update)) == on_update, role
