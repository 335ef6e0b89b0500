from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings.models import Attendance, Invitation, MeetingKind, MeetingStatus, RoutingStatus
from meetings.selectors import year_figures
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    RoutingFactory,
    theme,
)

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ROME)


def test_year_figures_on_a_small_history():
    orgs = OrganisationFactory.create_batch(3)
    social = MunicipalServiceFactory(name="Servizi sociali")
    housing = MunicipalServiceFactory(name="Politiche abitative")
    march = MeetingFactory(
        title="Plenaria di marzo", starts_at=_at(2025, 3, 10, 17), status=MeetingStatus.MINUTES_APPROVED
    )
    # 31 December at 21:00 in Rome is 20:00 UTC: still 2025.
    december = MeetingFactory(
        title="Gruppo di fine anno",
        kind=MeetingKind.THEMATIC,
        starts_at=_at(2025, 12, 31, 21),
        status=MeetingStatus.HELD,
    )
    # Not counted: cancelled in 2025, held in 2026 (1 January 00:30 Rome is 2025 in UTC).
    MeetingFactory(starts_at=_at(2025, 6, 1, 10), status=MeetingStatus.CANCELLED)
    january = MeetingFactory(title="Capodanno", starts_at=_at(2026, 1, 1, 0, 30), status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=january, themes=[theme("casa")])

    item1 = AgendaItemFactory(meeting=march, themes=[theme("anziani"), theme("casa")])
    item2 = AgendaItemFactory(meeting=march, themes=[theme("anziani")])
    item3 = AgendaItemFactory(meeting=december, themes=[theme("casa")])
    on_time = timezone.make_aware(dt.datetime(2025, 3, 7, 23, 30), ROME)  # 7 March in Rome, due 7 March
    RoutingFactory(
        agenda_item=item1,
        service=social,
        due_date=dt.date(2025, 3, 7),
        status=RoutingStatus.ANSWERED,
        answered_at=on_time,
    )
    RoutingFactory(
        agenda_item=item1,
        service=housing,
        due_date=dt.date(2025, 3, 7),
        status=RoutingStatus.ANSWERED,
        answered_at=_at(2025, 3, 8, 0, 30),
    )
    RoutingFactory(agenda_item=item2, service=social, due_date=dt.date(2025, 3, 7))
    RoutingFactory(
        agenda_item=item3,
        service=housing,
        due_date=dt.date(2025, 12, 28),
        status=RoutingStatus.ANSWERED,
        answered_at=_at(2025, 12, 20, 9),
    )
    for org in orgs:
        Invitation.objects.create(meeting=march, organisation=org)
        Attendance.objects.create(meeting=march, organisation=org, present=org != orgs[2])
    Attendance.objects.create(meeting=march, service=social, present=True)
    Invitation.objects.create(meeting=december, organisation=orgs[0])

    figures = year_figures(2025)
    json.dumps(figures)
    assert figures == {
        "meetings_held": 2,
        "meetings_by_kind": [
            {"kind": "Plenaria", "count": 1},
            {"kind": "Gruppo di lavoro tematico", "count": 1},
        ],
        "topics_by_theme": [{"theme": "Anziani", "count": 2}, {"theme": "Casa", "count": 2}],
        "services_involved": [
            {"service": "Politiche abitative", "routings": 2, "answered_on_time": 1},
            {"service": "Servizi sociali", "routings": 2, "answered_on_time": 1},
        ],
        "routings_total": 4,
        "routings_answered_on_time": 2,
        "attendance": [
            {"meeting": "Plenaria di marzo", "date": "2025-03-10", "present": 2, "invited": 3},
            {"meeting": "Gruppo di fine anno", "date": "2025-12-31", "present": 0, "invited": 1},
        ],
        # No meeting of 2025 was left convened: nothing the report could not count.
        "not_marked_held": [],
    }
    assert year_figures(2026)["meetings_held"] == 1
    assert year_figures(2024)["meetings_held"] == 0
