"""What the chair follows: the next meeting and its answers, minutes waiting for comments or approval.

Each read is a fixed number of queries: counts are SQL aggregates and lists are sliced, so the cost
does not grow with the number of organisations, meetings or routings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from core.querysets import FirstNames, first_names_and_total
from meetings.models import (
    AttendanceReply,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    ReplyStatus,
    Routing,
    RoutingStatus,
)

NAMES_SHOWN = 100


@dataclass
class MeetingReplies:
    invited: int
    present: FirstNames
    absent: FirstNames
    silent: FirstNames


def next_meeting() -> Meeting | None:
    """The next meeting in preparation or convened that has not ended yet."""
    return (
        Meeting.objects.filter(
            status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED), ends_at__gte=timezone.now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


def _group(invitations: QuerySet[Invitation]) -> FirstNames:
    return first_names_and_total(
        invitations.select_related("organisation")
        .only("organisation__name")
        .order_by("organisation__name", "pk"),
        NAMES_SHOWN,
        lambda invitation: invitation.organisation.name,
    )


def meeting_replies(meeting: Meeting) -> MeetingReplies:
    """The invited organisations split by their answer: will attend, will not, no answer yet (one
    query per group: the first names and the group's size)."""
    reply = AttendanceReply.objects.filter(meeting=meeting, organisation=OuterRef("organisation"))
    invitations = Invitation.objects.filter(meeting=meeting)
    present = _group(invitations.filter(Exists(reply.filter(status=ReplyStatus.PRESENT))))
    absent = _group(invitations.filter(Exists(reply.filter(status=ReplyStatus.ABSENT))))
    silent = _group(invitations.exclude(Exists(reply)))
    return MeetingReplies(
        invited=present.count + absent.count + silent.count, present=present, absent=absent, silent=silent
    )


def unanswered_routings(meeting: Meeting, *, limit: int = 50) -> list[Routing]:
    """The routings of a meeting still waiting for their service's answer, the earliest due first."""
    return list(
        Routing.objects.filter(agenda_item__meeting=meeting)
        .exclude(status=RoutingStatus.ANSWERED)
        .select_related("agenda_item", "service")
        .order_by("due_date", "service__name", "pk")[:limit]
    )


def minutes_awaiting(*, limit: int = 10) -> list[Minutes]:
    """Minutes sent for comments and not approved yet (the window open, or ended and approval due),
    oldest meeting first, each with `comment_count`."""
    return list(
        Minutes.objects.filter(status=MinutesStatus.OPEN_FOR_COMMENTS)
        .select_related("meeting")
        .annotate(comment_count=Count("comments"))
        .order_by("meeting__starts_at", "pk")[:limit]
    )
