"""Reads of the meetings app: querysets that fetch what their page shows, and the yearly figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceReply,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesComment,
    ProposalStatus,
    ReplyStatus,
    Routing,
    RoutingStatus,
    TopicProposal,
)
from members import roles
from members import selectors as member_selectors
from members.models import Organisation, OrganisationStatus, Representative, User

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)


# --- who is who -----------------------------------------------------------------------------------


def active_representatives() -> QuerySet[Representative]:
    """Active representatives of active organisations, with user and organisation."""
    return member_selectors.active_representatives()


def organisation_of(user: User) -> Organisation | None:
    """The active member organisation the user represents (the first one, if several)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_meetings_organisation", False)
    if cached is not False:
        return cached
    rep = (
        Representative.objects.filter(
            user=user, is_active=True, organisation__status=OrganisationStatus.ACTIVE
        )
        .select_related("organisation")
        .order_by("-is_primary", "pk")
        .first()
    )
    user._meetings_organisation = rep.organisation if rep else None  # type: ignore[union-attr]
    return user._meetings_organisation  # type: ignore[union-attr]


def is_member_viewer(user: User) -> bool:
    """Signed-in people who may see members-only meetings: staff, service referents, representatives."""
    if not user.is_authenticated:
        return False
    return roles.is_table_staff(user) or roles.is_service_referent(user) or organisation_of(user) is not None


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def _dedupe(pairs) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for email, first, last in pairs:
        if email and email.lower() not in seen:
            seen[email.lower()] = Recipient(email=email, name=f"{first} {last}".strip())
    return list(seen.values())


def member_recipients() -> list[Recipient]:
    return _dedupe(
        active_representatives()
        .order_by("user__email")
        .values_list("user__email", "user__first_name", "user__last_name")
    )


def notice_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone a convocation goes to: active representatives and the referents of the routed services."""
    referents = (
        Routing.objects.filter(agenda_item__meeting=meeting, referent__isnull=False, referent__is_active=True)
        .order_by("referent__email")
        .values_list("referent__email", "referent__first_name", "referent__last_name")
    )
    reps = (
        active_representatives()
        .order_by("user__email")
        .values_list("user__email", "user__first_name", "user__last_name")
    )
    return _dedupe([*reps, *referents])


def meeting_for_notice(pk: int) -> Meeting | None:
    return Meeting.objects.filter(pk=pk).prefetch_related("agenda_items").first()


def last_status_reason(meeting: Meeting) -> str:
    change = meeting.status_changes.order_by("-at", "-pk").first()
    return change.reason if change else ""


# --- meetings -------------------------------------------------------------------------------------


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings the user may see: public ones to everyone, members-only to members; drafts to staff."""
    qs = Meeting.objects.all()
    if roles.can(user, "manage_meetings"):
        return qs
    qs = qs.exclude(status=MeetingStatus.DRAFT)
    if not is_member_viewer(user):
        qs = qs.filter(is_public=True)
    return qs


def upcoming_public_meetings(*, limit: int) -> list[Meeting]:
    """The next public, convened meetings (home page)."""
    return list(
        Meeting.objects.filter(
            is_public=True, status=MeetingStatus.CONVENED, ends_at__gte=timezone.now()
        ).order_by("starts_at")[:limit]
    )


def meetings_split(user: User) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """(upcoming, past) meetings visible to the user, each with its number of agenda items."""
    now = timezone.now()
    qs = visible_meetings(user).annotate(item_count=Count("agenda_items"))
    return qs.filter(ends_at__gte=now).order_by("starts_at"), qs.filter(ends_at__lt=now).order_by(
        "-starts_at"
    )


def meeting_detail(user: User, pk: int) -> Meeting | None:
    """A meeting with its agenda, routings, themes, minutes and attachments, if the user may see it."""
    routings = Routing.objects.select_related("service", "referent").order_by("service__name")
    items = AgendaItem.objects.select_related("proposer_organisation").prefetch_related(
        "themes", Prefetch("routings", queryset=routings)
    )
    return (
        visible_meetings(user)
        .filter(pk=pk)
        .select_related("minutes")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("minutes__attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "minutes__comments",
                queryset=MinutesComment.objects.select_related("organisation", "author"),
            ),
        )
        .first()
    )


def minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


@dataclass(frozen=True)
class AttendanceSummary:
    invited: int
    present: int
    replies_present: int
    replies_absent: int
    recorded: bool


def _count_of(model, **filters) -> Coalesce:
    counted = (
        model.objects.filter(meeting=OuterRef("pk"), **filters)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    """Organisations invited, answering and present, in one query (subqueries, no join fan-out)."""
    row = (
        Meeting.objects.filter(pk=meeting.pk)
        .annotate(
            n_invited=_count_of(Invitation),
            n_present=_count_of(Attendance, organisation__isnull=False, present=True),
            n_recorded=_count_of(Attendance, organisation__isnull=False),
            n_yes=_count_of(AttendanceReply, status="present"),
            n_no=_count_of(AttendanceReply, status="absent"),
        )
        .values("n_invited", "n_present", "n_recorded", "n_yes", "n_no")
        .get()
    )
    return AttendanceSummary(
        invited=row["n_invited"],
        present=row["n_present"],
        replies_present=row["n_yes"],
        replies_absent=row["n_no"],
        recorded=bool(row["n_recorded"]),
    )


def invited_organisations(meeting: Meeting) -> list[Organisation]:
    return list(
        Organisation.objects.filter(meeting_invitations__meeting=meeting)
        .select_related("legal_form")
        .order_by("name")
    )


def is_invited(meeting: Meeting, organisation: Organisation) -> bool:
    return meeting.invitations.filter(organisation=organisation).exists()


def organisation_reply(meeting: Meeting, organisation: Organisation | None) -> AttendanceReply | None:
    if organisation is None:
        return None
    return AttendanceReply.objects.filter(meeting=meeting, organisation=organisation).first()


def attendance_sheet(meeting: Meeting) -> list[dict]:
    """Invited organisations with their reply and recorded presence, for the sheet and the staff form."""
    replies = {r.organisation_id: r for r in AttendanceReply.objects.filter(meeting=meeting)}
    present = dict(
        Attendance.objects.filter(meeting=meeting, organisation__isnull=False).values_list(
            "organisation_id", "present"
        )
    )
    return [
        {"organisation": org, "reply": replies.get(org.pk), "present": present.get(org.pk)}
        for org in invited_organisations(meeting)
    ]


def routed_services_attendance(meeting: Meeting) -> list[dict]:
    from members.models import MunicipalService

    present = dict(
        Attendance.objects.filter(meeting=meeting, service__isnull=False).values_list("service_id", "present")
    )
    services = (
        MunicipalService.objects.filter(routings__agenda_item__meeting=meeting).distinct().order_by("name")
    )
    return [{"service": s, "present": present.get(s.pk)} for s in services]


# --- routings and proposals -----------------------------------------------------------------------


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
    """Upcoming convened meetings, each with `my_reply` set to the organisation's answer label (or "")."""
    qs = visible_meetings(user).filter(status=MeetingStatus.CONVENED, ends_at__gte=timezone.now())
    if organisation is not None:
        reply = AttendanceReply.objects.filter(meeting=OuterRef("pk"), organisation=organisation)
        qs = qs.annotate(my_reply_status=Subquery(reply.values("status")[:1]))
    meetings = list(qs.order_by("starts_at")[:limit])
    labels = dict(ReplyStatus.choices)
    for meeting in meetings:
        meeting.my_reply = labels.get(getattr(meeting, "my_reply_status", None) or "", "")
    return meetings


def proposals_brief(qs: QuerySet[TopicProposal]) -> QuerySet[TopicProposal]:
    """Proposals for a short list (title, organisation, status): no themes."""
    return qs.prefetch_related(None).select_related("organisation")


# --- annual report --------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def year_figures(year: int) -> dict:
    """The meetings' figures of a year for the annual report (no personal data, JSON-serialisable)."""
    start, end = _year_bounds(year)
    meetings = list(
        Meeting.objects.filter(status__in=HELD_STATUSES, starts_at__gte=start, starts_at__lt=end)
        .annotate(
            invited=Count("invitations", distinct=True),
            present=Count(
                "attendances",
                filter=Q(attendances__present=True, attendances__organisation__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    kind_counts = Counter(m.kind for m in meetings)
    labels = dict(MeetingKind.choices)
    by_kind = [
        {"kind": str(labels[k]), "count": kind_counts[k]} for k in MeetingKind.values if kind_counts[k]
    ]

    items = AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings])
    themes = (
        items.values("themes__name")
        .exclude(themes__isnull=True)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "themes__name")
    )
    routings = list(
        Routing.objects.filter(agenda_item__in=items).values_list("service__name", "answered_at", "due_date")
    )
    per_service: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    on_time_total = 0
    for name, answered_at, due in routings:
        on_time = answered_at is not None and timezone.localdate(answered_at) <= due
        per_service[name][0] += 1
        per_service[name][1] += on_time
        on_time_total += on_time
    tz = ZoneInfo(settings.TIME_ZONE)
    return {
        "meetings_held": len(meetings),
        "meetings_by_kind": by_kind,
        "topics_by_theme": [{"theme": row["themes__name"], "count": row["n"]} for row in themes],
        "services_involved": [
            {"service": name, "routings": n, "answered_on_time": ok}
            for name, (n, ok) in sorted(per_service.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ],
        "routings_total": len(routings),
        "routings_answered_on_time": on_time_total,
        "attendance": [
            {
                "meeting": m.title,
                "date": m.starts_at.astimezone(tz).date().isoformat(),
                "present": m.present,
                "invited": m.invited,
            }
            for m in meetings
        ],
    }
