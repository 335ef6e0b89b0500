"""What the figures could not count: the data-quality notes of a year.

The draft preview lists them as warnings for the office to resolve before publishing; a published
version keeps them, and the document says what it could not count. Each note is a key (its sentence
lives in reports.presentation), a count and the items concerned (titles, never personal data).
"""

from __future__ import annotations

import datetime as dt

from core.italian import format_date


def _day(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso), "j F Y")


def _note(key: str, items: list[str] | None = None, count: int | None = None) -> dict:
    items = items or []
    return {"key": key, "count": len(items) if count is None else count, "items": items}


def quality_notes(*, meetings: dict, training: dict, membership: dict, welfare: dict) -> list[dict]:
    """The notes that apply to this year, in the order of the report's sections."""
    unmarked = meetings.get("not_marked_held", [])
    notes = [
        _note(
            "meetings_with_attendance_not_held",
            [f"{row['meeting']} ({_day(row['date'])})" for row in unmarked if row["attendance_recorded"]],
        ),
        _note(
            "meetings_not_marked_held",
            [f"{row['meeting']} ({_day(row['date'])})" for row in unmarked if not row["attendance_recorded"]],
        ),
        _note(
            "lessons_without_register",
            [
                f"{row['session']} ({_day(row['date'])})"
                for row in training.get("lessons_without_register", [])
            ],
        ),
        _note(
            "sessions_not_yet_held",
            [f"{row['session']} ({_day(row['date'])})" for row in training.get("sessions_not_yet_held", [])],
        ),
        _note("initiatives_without_figures", welfare["initiatives_without_figures"]),
        _note("initiatives_awaiting_validation", welfare["initiatives_awaiting_validation"]),
        _note("initiatives_of_non_members", welfare["initiatives_of_non_members"]),
        _note("resources_without_history", count=welfare["resources_without_history"]),
        _note("profiles_without_history", count=membership["profiles_without_history"]),
    ]
    return [note for note in notes if note["count"]]
