"""Meetings as pages show them: visibility, lists, detail, attendance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.search import folded
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceReply,
    AttendanceState,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Minutes,
    MinutesComment,
    Routing,
    attendance_state,
)
from meetings.selectors.people import is_member_viewer
from members import roles
from members.models import Organisation, Theme, User

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)


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


def meetings_for_calendar() -> QuerySet[Meeting]:
    """Public meetings that are not drafts, for /calendario.ics."""
    return Meeting.objects.filter(is_public=True).exclude(status=MeetingStatus.DRAFT).order_by("starts_at")


def meetings_split(user: User) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """(upcoming, past) meetings visible to the user, each with its number of agenda items."""
    now = timezone.now()
    qs = visible_meetings(user).annotate(item_count=Count("agenda_items"))
    return qs.filter(ends_at__gte=now).order_by("starts_at"), qs.filter(ends_at__lt=now).order_by(
        "-starts_at"
    )


def meetings_for_management() -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """(upcoming and drafts, past) meetings for the staff's list (the caller checks the role): the
    columns a row shows (title, status, start)."""
    now = timezone.now()
    qs = Meeting.objects.only("title", "status", "starts_at")
    return qs.filter(ends_at__gte=now).order_by("starts_at", "pk"), qs.filter(ends_at__lt=now).order_by(
        "-starts_at", "-pk"
    )


def meetings_for_management_counts() -> tuple[int, int]:
    """How many meetings `meetings_for_management()` lists as (upcoming, past), in one query."""
    now = timezone.now()
    counts = Meeting.objects.aggregate(
        upcoming=Count("pk", filter=Q(ends_at__gte=now)), past=Count("pk", filter=Q(ends_at__lt=now))
    )
    return counts["upcoming"], counts["past"]


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


def meeting_for_management(pk: int) -> Meeting | None:
    """A meeting as its management page shows it, for the staff who run meetings (the caller checks):
    the agenda with each item's themes and routings (service and referent names) and the history of
    its status, without the minutes, and only the columns the page reads."""
    routings = (
        Routing.objects.select_related("service", "referent")
        .only(
            "agenda_item",
            "due_date",
            "status",
            "source",
            "service__name",
            "referent__first_name",
            "referent__last_name",
            "referent__email",
        )
        .order_by("service__name")
    )
    items = (
        AgendaItem.objects.select_related("proposer_organisation")
        .only("meeting", "position", "title", "chair_notes", "proposer_organisation__name")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("name")), Prefetch("routings", queryset=routings)
        )
    )
    history = (
        MeetingStatusChange.objects.select_related("by")
        .only("meeting", "at", "reason", "to_status", "by__first_name", "by__last_name", "by__email")
        .order_by("at", "pk")
    )
    return (
        Meeting.objects.filter(pk=pk)
        .only("title", "kind", "status", "is_public", "starts_at", "ends_at", "place", "ics_sequence")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items), Prefetch("status_changes", queryset=history)
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


def meetings_for_organisation_calendar(organisation: Organisation) -> QuerySet[Meeting]:
    """The meetings an organisation was invited to (cancelled ones too: calendars must drop them)."""
    return (
        Meeting.objects.filter(invitations__organisation=organisation)
        .exclude(status=MeetingStatus.DRAFT)
        .distinct()
        .order_by("starts_at", "pk")
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
    recorded = {
        a.organisation_id: a for a in Attendance.objects.filter(meeting=meeting, organisation__isnull=False)
    }
    rows = []
    for org in invited_organisations(meeting):
        attendance, reply = recorded.get(org.pk), replies.get(org.pk)
        rows.append(
            {
                "organisation": org,
                "reply": reply,
                "present": attendance.present if attendance else None,
                # Who came as recorded; before anything is recorded, who the organisation said would come.
                "attended_by": attendance.attended_by
                if attendance
                else (reply.attendee_names if reply and reply.will_attend else ""),
            }
        )
    return rows


def routed_services_attendance(meeting: Meeting) -> list[dict]:
    from members.models import MunicipalService

    present = dict(
        Attendance.objects.filter(meeting=meeting, service__isnull=False).values_list("service_id", "present")
    )
    services = (
        MunicipalService.objects.filter(routings__agenda_item__meeting=meeting).distinct().order_by("name")
    )
    return [{"service": s, "present": present.get(s.pk)} for s in services]


# Statuses whose meetings have (or will have) an attendance: drafts and cancelled meetings have none.
ATTENDED_STATUSES = (MeetingStatus.CONVENED, *HELD_STATUSES)


@dataclass(frozen=True)
class AttendanceRow:
    """One invited organisation at one meeting, as the attendance exports list it."""

    meeting: Meeting
    organisation: Organisation
    state: AttendanceState
    attended_by: str


def meetings_of_year(year: int) -> list[Meeting]:
    """The year's convened and held meetings (local dates), by date, with their invited/present counts."""
    return list(
        Meeting.objects.filter(starts_at__year=year, status__in=ATTENDED_STATUSES)
        .annotate(
            invited_count=Count("invitations", distinct=True),
            present_count=Count(
                "attendances",
                filter=Q(attendances__present=True, attendances__organisation__isnull=False),
                distinct=True,
            ),
            recorded_count=Count(
                "attendances", filter=Q(attendances__organisation__isnull=False), distinct=True
            ),
        )
        .order_by("starts_at", "pk")
    )


def attendance_rows(meetings: list[Meeting]) -> list[AttendanceRow]:
    """Every invited organisation of the meetings, by meeting date then organisation name (3 queries)."""
    ids = [meeting.pk for meeting in meetings]
    by_pk = {meeting.pk: meeting for meeting in meetings}
    recorded = {
        (a.meeting_id, a.organisation_id): a
        for a in Attendance.objects.filter(meeting_id__in=ids, organisation__isnull=False)
    }
    replies = {
        (r.meeting_id, r.organisation_id): r for r in AttendanceReply.objects.filter(meeting_id__in=ids)
    }
    invitations = (
        Invitation.objects.filter(meeting_id__in=ids)
        .select_related("organisation")
        .order_by("meeting__starts_at", "meeting_id", folded("organisation__name"), "organisation_id")
    )
    rows = []
    for invitation in invitations:
        key = (invitation.meeting_id, invitation.organisation_id)
        attendance = recorded.get(key)
        state = attendance_state(attendance, replies.get(key))
        rows.append(
            AttendanceRow(
                meeting=by_pk[invitation.meeting_id],
                organisation=invitation.organisation,
                state=state,
                attended_by=attendance.attended_by if state == AttendanceState.PRESENT else "",
            )
        )
    return rows
