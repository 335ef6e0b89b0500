"""Sections 2 (meetings) and 3 (training): the figures those apps compute for a year."""

from __future__ import annotations

from meetings import selectors as meeting_selectors
from training import selectors as training_selectors


def meetings_section(year: int) -> dict:
    """Meetings held, topics by theme, services involved, routings answered on time, attendance."""
    return dict(meeting_selectors.year_figures(year))


def training_section(year: int) -> dict:
    """Sessions, hours, participants, attendance rate (percent), certificates and evaluations."""
    return dict(training_selectors.year_figures(year))
