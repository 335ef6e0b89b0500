"""The chair's dashboard: what the Assessore follows, read from every app (tavolo may read them all).

Read-only: each section links to the page where the office acts. Every count is an SQL aggregate and
every list is sliced, so the page costs the same number of queries whatever the size of the data.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.fragments import cached_value
from core.querysets import first_rows_and_total
from meetings import selectors as meeting_selectors
from members.history import membership_movements
from reports import selectors as report_selectors


def chair_overview() -> dict[str, object]:
    """The sections of the chair's dashboard, as template context."""
    year = timezone.localdate().year
    meeting = meeting_selectors.next_meeting()
    joined, withdrew = membership_movements(year)
    report = report_selectors.report_of_year(year)
    decisions, decisions_count = first_rows_and_total(meeting_selectors.overdue_decisions(), 5)
    return {
        "year": year,
        "meeting": meeting,
        "replies": meeting_selectors.meeting_replies(meeting) if meeting and meeting.is_convened else None,
        "unanswered": meeting_selectors.unanswered_routings(meeting) if meeting else [],
        "minutes": meeting_selectors.minutes_awaiting(),
        "late_by_service": meeting_selectors.late_routings_by_service(),
        # The same panel as the office's: decisions still open after their expected date.
        "overdue_decisions": {"decisions": decisions, "count": decisions_count},
        "joined": joined,
        "withdrew": withdrew,
        "report": report,
        "report_warnings": report_selectors.draft_warnings(year) if report else None,
    }


def overview_html() -> SafeString:
    """The chair's sections rendered: the same for every chair, so kept in the cache until the data
    changes (core.fragments); about a dozen queries and their rendering when it must be made again."""
    year = timezone.localdate().year

    def render() -> tuple[str, str]:
        html = render_to_string("tavolo/_chair_overview.html", chair_overview())
        # Read after rendering: the render may have just counted the warnings.
        return report_selectors.draft_warnings_stamp(year), html

    # The draft's warnings are counted apart and kept a few minutes (reports.selectors.draft_warnings),
    # refreshed by the preview without a write: a page kept with an older count is made again.
    _stamp, html = cached_value(
        "chair-overview",
        render,
        is_current=lambda kept: kept[0] == report_selectors.draft_warnings_stamp(year),
    )
    return mark_safe(html)  # rendered by its template
