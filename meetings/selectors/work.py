"""Routings for referents and staff, topic proposals, agendas still open."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from meetings.models import (
    AttendanceReply,
    Invitation,
    Meeting,
    MeetingStatus,
    ProposalStatus,
    ReplyStatus,
    Routing,
    RoutingStatus,
    TopicProposal,
)
from meetings.selectors.meetings import visible_meetings
from members.models import Organisation, User


def _routing_qs() -> QuerySet[Routing]:
    return Routing.objects.select_related("agenda_item__meeting", "service", "referent")


def routings_for_referent(user: User) -> QuerySet[Routing]:
    """Routings of the services the user is a referent of, open ones first."""
    return (
        _routing_qs()
        .filter(service__referents=user)
        .exclude(agenda_item__meeting__status=MeetingStatus.CANCELLED)
        .order_by("status", "due_date", "pk")
        .distinct()
    )


def late_routings() -> QuerySet[Routing]:
    """Routings past their due date and not answered, for meetings still to come."""
    return (
        _routing_qs()
        .filter(
            due_date__lt=timezone.localdate(),
            agenda_item__meeting__status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED),
            agenda_item__meeting__starts_at__gte=timezone.now(),
        )
        .exclude(status=RoutingStatus.ANSWERED)
        .order_by("due_date", "pk")
    )


def proposals_to_decide() -> QuerySet[TopicProposal]:
    """Submitted and deferred proposals: the list to place on the next draft agenda."""
    return (
        TopicProposal.objects.filter(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.DEFERRED))
        .select_related("organisation", "proposer")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )


def proposals_of(organisation: Organisation) -> QuerySet[TopicProposal]:
    return (
        TopicProposal.objects.filter(organisation=organisation)
        .select_related("agenda_item__meeting")
        .prefetch_related("themes")
        .order_by("-created_at")
    )


def open_agendas() -> QuerySet[Meeting]:
    """Meetings whose agenda can still receive items."""
    return Meeting.objects.filter(
        status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED), starts_at__gte=timezone.now()
    ).order_by("starts_at")


def next_meetings_with_reply(
    user: User, organisation: Organisation | None, *, limit: int = 5
) -> list[Meeting]:
    """Upcoming convened meetings, each with `my_reply` set to the organisation's answer label (or "")
    and `may_reply` true when the organisation can answer now (invited, before the start): the
    dashboard asks for an answer only where the meeting page takes one."""
    qs = visible_meetings(user).filter(status=MeetingStatus.CONVENED, ends_at__gte=timezone.now())
    if organisation is not None:
        reply = AttendanceReply.objects.filter(meeting=OuterRef("pk"), organisation=organisation)
        invited = Invitation.objects.filter(meeting=OuterRef("pk"), organisation=organisation)
        qs = qs.annotate(my_reply_status=Subquery(reply.values("status")[:1]), invited=Exists(invited))
    meetings = list(qs.order_by("starts_at")[:limit])
    labels = dict(ReplyStatus.choices)
    for meeting in meetings:
        meeting.my_reply = labels.get(getattr(meeting, "my_reply_status", None) or "", "")
        meeting.may_reply = bool(getattr(meeting, "invited", False)) and "reply" in meeting.allowed_actions(
            manager=False
        )
    return meetings


def proposals_brief(qs: QuerySet[TopicProposal]) -> QuerySet[TopicProposal]:
    """Proposals for a short list (title, organisation, status): no themes."""
    return qs.prefetch_related(None).select_related("organisation")
