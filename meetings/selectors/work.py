"""Routings for referents and staff, topic proposals, agendas still open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Min, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
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


# What a table of routings (meetings/_routing_table.html) shows: not the texts of the topic and meeting.
ROUTING_ROW_FIELDS = (
    "pk",
    "status",
    "due_date",
    "agenda_item",
    "agenda_item__title",
    "agenda_item__meeting",
    "agenda_item__meeting__title",
    "agenda_item__meeting__starts_at",
    "service",
    "service__name",
)


def routings_for_referent(user: User) -> QuerySet[Routing]:
    """Routings of the services the user is a referent of, open ones first, with the fields a table
    of routings shows."""
    return (
        Routing.objects.select_related("agenda_item__meeting", "service")
        .only(*ROUTING_ROW_FIELDS)
        .filter(service__referents=user)
        .exclude(agenda_item__meeting__status=MeetingStatus.CANCELLED)
        .order_by("status", "due_date", "pk")
        .distinct()
    )


def _open_routings() -> QuerySet[Routing]:
    """Routings not answered yet, of meetings still to come (a held meeting no longer waits for them)."""
    return (
        _routing_qs()
        .filter(
            agenda_item__meeting__status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED),
            agenda_item__meeting__starts_at__gte=timezone.now(),
        )
        .exclude(status=RoutingStatus.ANSWERED)
    )


def late_routings(*, today: dt.date | None = None) -> QuerySet[Routing]:
    """Routings past their due date and not answered, for meetings still to come (the overdue ones)."""
    return _open_routings().filter(due_date__lt=today or timezone.localdate()).order_by("due_date", "pk")


def late_routing_rows(*, limit: int) -> list[Routing]:
    """The first `limit` overdue routings with only what a table of routings shows."""
    return list(
        late_routings()
        .select_related(None)
        .select_related("agenda_item__meeting", "service")
        .only(*ROUTING_ROW_FIELDS)[:limit]
    )


def routings_due_soon(*, today: dt.date, days: int) -> QuerySet[Routing]:
    """Open routings whose answer is due from today to `days` days ahead."""
    return (
        _open_routings()
        .filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
        .order_by("due_date", "pk")
    )


@dataclass
class ServiceLate:
    """One municipal service's overdue routings: how many, since when, and the first few of them."""

    service_id: int
    name: str
    count: int
    oldest: dt.date
    routings: list[Routing] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.routings)


def late_routings_by_service(*, per_service: int = 5) -> list[ServiceLate]:
    """Overdue routings grouped by service, the service late the longest first, each with its count and
    its first `per_service` routings: one query (window functions count and rank within each service
    before the rows beyond `per_service` are dropped), whatever the number of rows."""
    by_service = {"partition_by": [F("service")]}
    rows = (
        late_routings()
        .annotate(
            service_count=Window(Count("pk"), **by_service),
            service_oldest=Window(Min("due_date"), **by_service),
            rank=Window(RowNumber(), order_by=[F("due_date").asc(), F("pk").asc()], **by_service),
        )
        .filter(rank__lte=per_service)
        .order_by("due_date", "pk")
    )
    groups: dict[int, ServiceLate] = {}
    for routing in rows:
        group = groups.get(routing.service_id)
        if group is None:
            group = groups[routing.service_id] = ServiceLate(
                service_id=routing.service_id,
                name=routing.service.name,
                count=routing.service_count,
                oldest=routing.service_oldest,
            )
        group.routings.append(routing)
    return sorted(groups.values(), key=lambda group: (group.oldest, group.name))


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
