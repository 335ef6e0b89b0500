"""The section "Dalle decisioni ai risultati" on a history built by hand for the year 2025."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from meetings.models import Decision, DecisionUpdate, Minutes
from reports.figures import compute_figures
from reports.figures.decisions import decisions_section
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=ROME)


def _decision(
    title: str, taken: str, rows: list[tuple[str, str]], expected: str | None = None, approved=True
):
    meeting = MeetingFactory(status="minutes_approved" if approved else "held", starts_at=_at(taken))
    Minutes.objects.create(meeting=meeting, status="approved" if approved else "draft")
    decision = Decision.objects.create(
        agenda_item=AgendaItemFactory(meeting=meeting),
        kind="commitment",
        title=title,
        owner_kind="office",
        expected_date=dt.date.fromisoformat(expected) if expected else None,
        status=rows[-1][1],
    )
    previous = ""
    for day, status in rows:
        DecisionUpdate.objects.create(decision=decision, at=_at(day), from_status=previous, to_status=status)
        previous = status
    return decision


@pytest.fixture
def history(db):
    # A: closed before 2025, not counted.
    _decision("A", "2024-05-10", [("2024-05-20", "planned"), ("2024-09-01", "done")])
    # B: open on 1 January, done on 15 November, expected by 31 December: on time.
    _decision(
        "B",
        "2024-10-01",
        [("2024-10-05", "planned"), ("2025-03-01", "in_progress"), ("2025-11-15", "done")],
        expected="2025-12-31",
    )
    # C: open on 1 January and still open on 31 December.
    _decision("C", "2024-11-20", [("2024-11-25", "planned"), ("2024-12-10", "in_progress")])
    # D: taken and done in 2025, one day late.
    _decision("D", "2025-02-10", [("2025-02-15", "planned"), ("2025-07-01", "done")], expected="2025-06-30")
    # E: taken and dropped in 2025.
    _decision("E", "2025-04-01", [("2025-04-05", "planned"), ("2025-09-01", "dropped")])
    # F: in progress on 31 December, done only in 2026.
    _decision(
        "F",
        "2025-06-10",
        [("2025-06-12", "planned"), ("2025-10-01", "in_progress"), ("2026-01-15", "done")],
        expected="2025-12-01",
    )
    # G: taken in December, still planned.
    _decision("G", "2025-12-01", [("2025-12-03", "planned")])
    # H: minutes not approved, I: taken in 2026: neither counts.
    _decision("H", "2025-09-10", [("2025-09-12", "planned")], approved=False)
    _decision("I", "2026-01-20", [("2026-01-22", "planned")])


def test_decisions_section_on_a_hand_made_history(history):
    section = decisions_section(2025)
    assert section["taken"] == 4  # D, E, F, G
    assert section["taken_by_status"] == [
        {"status": "Prevista", "count": 1},  # G
        {"status": "In corso", "count": 1},  # F
        {"status": "Realizzata", "count": 1},  # D
        {"status": "Abbandonata", "count": 1},  # E
    ]
    assert section["open_at_start"] == 2  # B, C
    assert section["open_from_earlier_years"] == 1  # C
    assert section["closed"] == 3  # B, D, E
    assert section["open_at_end"] == 3  # C, F, G
    assert section["done_with_expected_date"] == 2  # B, D
    assert section["done_on_time"] == 1  # B
    assert section["done_on_time_percent"] == 50
    # The flow identity: open at 1 January + taken - closed = open at 31 December.
    assert 2 + 4 - 3 == 3


def test_the_report_figures_carry_the_section(history):
    figures = compute_figures(2025)
    assert figures["decisions"]["taken"] == 4
    assert figures["decisions"]["open_at_end"] == 3


def test_the_published_report_page_shows_the_section(
    history, staff, client, django_capture_on_commit_callbacks, monkeypatch
):
    from reports.services import report_publish
    from tests.factories import AnnualReportFactory

    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 test")
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=AnnualReportFactory(year=2025), by=staff, note="")
    html = client.get("/relazioni/2025/").content.decode()
    assert "Dalle decisioni ai risultati" in html
    assert "Nel 2025 il Tavolo ha preso 4 decisioni nei verbali approvati." in html
    assert "il 50% è stato realizzato nei tempi" in html
    assert '<th scope="row">Aperte al 31 dicembre</th><td class="text-end">3</td>' in html
