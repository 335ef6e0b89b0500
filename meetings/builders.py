"""Unsaved rows of the meetings app: the one place where the demo data, the scale data and the test
factories make them, so that a new required field is given its value here only.
Saving (one by one or with bulk_create) is the caller's.
"""

from __future__ import annotations

from typing import Any

from meetings.models import AgendaItem, Meeting, Routing


def meeting(**fields: Any) -> Meeting:
    return Meeting(**fields)


def agenda_item(**fields: Any) -> AgendaItem:
    return AgendaItem(**fields)


def routing(**fields: Any) -> Routing:
    return Routing(**fields)
