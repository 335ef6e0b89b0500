"""Reads of decisions: what the public sees, what the office is writing, and the history of each."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from meetings.models import Decision, DecisionUpdate, MinutesStatus
from meetings.models.decisions import OPEN_STATUSES
from meetings.selectors.meetings import visible_meetings
from members import roles
from members.models import User


def _with_page_data(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.select_related("agenda_item__meeting__minutes", "owner_service").prefetch_related(
        "owner_organisations", "themes"
    )


def published_decisions() -> QuerySet[Decision]:
    """Decisions of approved minutes of public meetings: the public list, the feed and the open data."""
    return _with_page_data(
        Decision.objects.filter(
            agenda_item__meeting__minutes__status=MinutesStatus.APPROVED, agenda_item__meeting__is_public=True
        )
    )


def visible_decisions(user: User) -> QuerySet[Decision]:
    """Decisions the user may open: approved minutes of the meetings they see; the office sees drafts too."""
    qs = Decision.objects.filter(agenda_item__meeting__in=visible_meetings(user))
    if not roles.is_table_staff(user):
        qs = qs.filter(agenda_item__meeting__minutes__status=MinutesStatus.APPROVED)
    return _with_page_data(qs)


def decisions_of_meeting(meeting_id: int) -> list[Decision]:
    return list(_with_page_data(Decision.objects.filter(agenda_item__meeting_id=meeting_id)))


def decision_updates(decision: Decision) -> list[DecisionUpdate]:
    return list(decision.updates.select_related("by").order_by("at", "pk"))


def recent_updates(limit: int = 50) -> QuerySet[DecisionUpdate]:
    """The latest updates of published decisions, newest first (the Atom feed)."""
    return (
        DecisionUpdate.objects.filter(
            decision__in=Decision.objects.filter(
                Q(agenda_item__meeting__minutes__status=MinutesStatus.APPROVED)
                & Q(agenda_item__meeting__is_public=True)
            )
        )
        .select_related("decision__agenda_item__meeting")
        .order_by("-at", "-pk")[:limit]
    )


def overdue_decisions() -> QuerySet[Decision]:
    """Published decisions still open after their expected date, the longest overdue first."""
    return (
        Decision.objects.filter(
            agenda_item__meeting__minutes__status=MinutesStatus.APPROVED,
            status__in=OPEN_STATUSES,
            expected_date__lt=timezone.localdate(),
        )
        .select_related("owner_service")
        .order_by("expected_date", "pk")
    )
