"""Section "Dalle decisioni ai risultati": what the table decided and what became of it, from history rows.

A decision's status at a moment is the `to_status` of its last history row at or before that moment
(planned before its first row). Done and dropped are final, so every decision open on 1 January or taken
in the year is, on 31 December, either still open or closed: open at 1 January + taken - closed = open
at 31 December.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from meetings import selectors as meeting_selectors
from meetings.models import DecisionStatus

OPEN = {DecisionStatus.PLANNED.value, DecisionStatus.IN_PROGRESS.value}


def _status_at(history: list[tuple[dt.datetime, str]], moment: dt.datetime) -> str:
    status = DecisionStatus.PLANNED.value
    for at, to_status in history:
        if at >= moment:
            break
        status = to_status
    return status


def decisions_section(year: int) -> dict:
    """Decisions taken in the year and their status at 31 December, those still open from earlier
    years, decisions closed in the year and the share of those done by their expected date."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start, end = dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
    taken_by_status = dict.fromkeys(DecisionStatus.values, 0)
    open_at_start = taken = closed = open_at_end = still_open_from_earlier = 0
    done_with_date = done_on_time = 0
    for decision in meeting_selectors.decision_histories(before=end):
        history = decision["history"]
        at_end = _status_at(history, end)
        if decision["taken_at"] >= start:
            taken += 1
            taken_by_status[at_end] += 1
        elif _status_at(history, start) in OPEN:
            open_at_start += 1
            if at_end in OPEN:
                still_open_from_earlier += 1
        else:
            continue  # closed before the year began
        if at_end in OPEN:
            open_at_end += 1
            continue
        closed += 1
        if at_end == DecisionStatus.DONE and decision["expected_date"] is not None:
            done_at = next(at for at, to_status in reversed(history) if to_status == DecisionStatus.DONE)
            done_with_date += 1
            done_on_time += timezone.localdate(done_at, tz) <= decision["expected_date"]
    labels = dict(DecisionStatus.choices)
    return {
        "taken": taken,
        "taken_by_status": [
            {"status": str(labels[status]), "count": count} for status, count in taken_by_status.items()
        ],
        "open_at_start": open_at_start,
        "open_from_earlier_years": still_open_from_earlier,
        "closed": closed,
        "open_at_end": open_at_end,
        "done_with_expected_date": done_with_date,
        "done_on_time": done_on_time,
        "done_on_time_percent": round(100 * done_on_time / done_with_date) if done_with_date else None,
    }
