"""Both staff dashboards (the Segreteria's and the Assessore's) count in SQL (issue 17): the number of
queries is the same on a world and on one three times larger in everything the dashboards count."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import AttendanceReply, Decision, Invitation, Meeting, Minutes, MinutesComment
from members.models import OrganisationStatus
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    InitiativeFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    RegistrationFactory,
    RoutingFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    membership_history,
)

pytestmark = pytest.mark.django_db

S = OrganisationStatus


def _grow(size: int) -> None:
    """Add `size` times every kind of row the dashboards count or list."""
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    year_start = dt.datetime(today.year, 1, 2, 10, tzinfo=ZoneInfo("Europe/Rome"))
    # One next meeting and one later meeting, whose invitations and routings grow with each call.
    next_meeting, _ = Meeting.objects.get_or_create(
        title="Prossima plenaria",
        defaults={
            "status": "convened",
            "starts_at": now + dt.timedelta(days=5),
            "ends_at": now + dt.timedelta(days=5, hours=2),
        },
    )
    later, _ = Meeting.objects.get_or_create(
        title="Gruppo di lavoro",
        defaults={
            "status": "convened",
            "starts_at": now + dt.timedelta(days=30),
            "ends_at": now + dt.timedelta(days=30, hours=2),
        },
    )
    offset = later.agenda_items.count() + next_meeting.agenda_items.count()
    for i in range(size):
        for status in ("present", "absent", None):
            organisation = OrganisationFactory()
            Invitation.objects.create(meeting=next_meeting, organisation=organisation)
            if status:
                AttendanceReply.objects.create(meeting=next_meeting, organisation=organisation, status=status)
        service = MunicipalServiceFactory()
        for position in range(3):
            item = AgendaItemFactory(meeting=later, position=offset + 10 * i + position + 1)
            RoutingFactory(
                agenda_item=item, service=service, due_date=today - dt.timedelta(days=position + 1)
            )
        RoutingFactory(
            agenda_item=AgendaItemFactory(meeting=next_meeting, position=offset + 10 * i + 5),
            service=service,
            due_date=today + dt.timedelta(days=2),
        )
        held = MeetingFactory(status="held", starts_at=now - dt.timedelta(days=10 + i))
        minutes = Minutes.objects.create(
            meeting=held, status="open_for_comments", comments_until=today + dt.timedelta(days=3)
        )
        MinutesComment.objects.create(minutes=minutes, organisation=organisation, text="Osservazione.")
        decided = AgendaItemFactory(
            meeting=MeetingFactory(status="minutes_approved", starts_at=now - dt.timedelta(days=90 + i)),
            position=1,
        )
        Minutes.objects.create(meeting=decided.meeting, status="approved")
        Decision.objects.create(
            agenda_item=decided,
            kind="commitment",
            title=f"Decisione {i}",
            owner_kind="office",
            expected_date=today - dt.timedelta(days=5),
            status="planned",
        )
        membership_history(OrganisationFactory(), (S.PENDING, year_start), (S.ACTIVE, year_start))
        membership_history(
            OrganisationFactory(),
            (S.ACTIVE, year_start - dt.timedelta(days=400)),
            (S.WITHDRAWN, year_start + dt.timedelta(days=1)),
        )
        TopicProposalFactory()
        session = TrainingSessionFactory(capacity=1)
        RegistrationFactory(session=session)
        RegistrationFactory(session=session, status="waiting")
        InitiativeFactory(status="submitted", starts_on=dt.date(today.year, 1, 1))


def _queries(client, *, cold: bool) -> int:
    client.get("/area-riservata/")  # warm per-process caches (ContentTypes, translations)
    if cold:
        cache.clear()  # the draft's warnings are computed afresh, as on the first visit
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/area-riservata/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _measure(staff_client, assessore_client) -> dict[str, int]:
    return {
        "staff": _queries(staff_client, cold=False),
        "assessore": _queries(assessore_client, cold=False),
        # Computing the draft's warnings is every figure of the year: a fixed number of queries too
        # (tests/performance/test_query_counts.py, "staff-report-preview").
        "assessore, warnings computed": _queries(assessore_client, cold=True),
    }


def test_both_dashboards_cost_the_same_queries_on_a_three_times_larger_world(
    staff_client, assessore_client, db
):
    AnnualReportFactory(year=timezone.localdate().year)
    _grow(1)
    small = _measure(staff_client, assessore_client)
    _grow(2)
    large = _measure(staff_client, assessore_client)
    assert large == small
    # Within the budget of every page (tests/performance/test_query_counts.py), plus, for the office, the
    # header's count of unread notices and the "Da guardare" list (OVER_BUDGET there).
    assert small["staff"] <= 17
    assert small["assessore"] <= 15


def test_the_representative_and_referent_dashboards_read_their_panels_from_the_cache(
    org_rep_client, service_referent_client, municipal_service
):
    """After the first visit the panels of an organisation's representative and of a service's referent
    are kept (per organisation, per set of services): what is left is who is asking and what they
    represent."""
    RoutingFactory(service=municipal_service)
    InitiativeFactory()
    TrainingSessionFactory()
    # Session, account, roles, organisations represented (the unread count is kept per person after the
    # first page, core.notifications).
    assert _queries(org_rep_client, cold=False) == 4
    # Session, account, roles, services referred, organisations represented (none).
    assert _queries(service_referent_client, cold=False) == 5
