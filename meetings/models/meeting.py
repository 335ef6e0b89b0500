"""A meeting of the table, its status history, invitations and attendance."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import row_url
from core.models import StatusChange, TimeStampedModel

# Art. 5 of the rules: members are convened at least seven days before the meeting.
CONVOCATION_NOTICE_DAYS = 7


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    THEMATIC = "thematic", _("Thematic working group")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind, default=MeetingKind.PLENARY)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    is_public = models.BooleanField(
        _("public meeting"),
        default=True,
        help_text=_("Members-only meetings are shown only to signed-in members, referents and staff."),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.DRAFT)
    # iCalendar SEQUENCE: raised by every change sent to the invited after the convocation.
    ics_sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("meetings:detail", self.pk)

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at > timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_convened(self) -> bool:
        return self.status == MeetingStatus.CONVENED

    def short_notice(self, now: dt.datetime | None = None) -> bool:
        """Convened now, the meeting would get less notice than the rules require (Art. 5)."""
        return self.starts_at - (now or timezone.now()) < dt.timedelta(days=CONVOCATION_NOTICE_DAYS)

    @property
    def cancel_deletes(self) -> bool:
        """A draft that was never convened: nobody was told of it, so cancelling it deletes it."""
        return self.status == MeetingStatus.DRAFT and self.convened_at is None

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names)."""
        return {
            MeetingStatus.DRAFT: "secondary",
            MeetingStatus.CONVENED: "primary",
            MeetingStatus.CANCELLED: "danger",
        }.get(self.status, "success")

    def allowed_actions(self, *, manager: bool, now: dt.datetime | None = None) -> frozenset[str]:
        """What may be done to the meeting now, from its status and the clock: the one rule that
        services enforce and pages read. `manager`: the user runs the table's meetings.

        "reply" is open to whoever acts for an invited organisation until the meeting starts.
        """
        now = now or timezone.now()
        started = self.starts_at <= now
        status = self.status
        actions: set[str] = set()
        if status == MeetingStatus.CONVENED and not started:
            actions.add("reply")
        if not manager:
            return frozenset(actions)
        if status != MeetingStatus.CANCELLED:
            actions.add("edit")
        if status == MeetingStatus.DRAFT and not started:
            actions.add("convene")
        if status in (MeetingStatus.DRAFT, MeetingStatus.CONVENED):
            actions |= {"cancel", "edit_agenda"}
        if status == MeetingStatus.DRAFT:
            actions.add("remove_item")
        if status == MeetingStatus.CONVENED and started:
            actions.add("mark_held")
        if status in (MeetingStatus.CONVENED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
            actions.add("attendance_sheet")
            if started:
                actions.add("record_attendance")
        if status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
            actions.add("minutes")
        if status != MeetingStatus.DRAFT:
            actions.add("see_replies")
        return frozenset(actions)


class MeetingStatusChange(StatusChange):
    """One change of a meeting's status: who, when, from, to, why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("meeting")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=MeetingStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=MeetingStatus)

    class Meta:
        verbose_name = _("meeting status change")
        verbose_name_plural = _("meeting status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.from_status or '-'} -> {self.to_status}"


class Invitation(models.Model):
    """An organisation invited by the convocation: the denominator of the attendance figures."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
        verbose_name=_("organisation"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                name="invitation_unique",
                violation_error_message=_("This organisation is already invited."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} - {self.organisation}"


class ReplyStatus(models.TextChoices):
    PRESENT = "present", _("Will attend")
    ABSENT = "absent", _("Will not attend")


class AttendanceReply(models.Model):
    """An organisation's answer to the convocation, before the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="replies", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="meeting_replies",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("answer"), max_length=10, choices=ReplyStatus)
    attendee_names = models.CharField(
        _("who will attend"), max_length=300, blank=True, help_text=_("Names of the people who will come.")
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    replied_at = models.DateTimeField(_("replied at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance reply")
        verbose_name_plural = _("attendance replies")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                name="attendance_reply_unique",
                violation_error_message=_("This organisation has already answered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"

    @property
    def will_attend(self) -> bool:
        return self.status == ReplyStatus.PRESENT


class Attendance(models.Model):
    """Actual presence at a meeting, recorded by staff, of an organisation or a municipal service."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "members.MunicipalService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
        verbose_name=_("municipal service"),
    )
    present = models.BooleanField(_("present"), default=False)
    attended_by = models.CharField(
        _("who attended"), max_length=300, blank=True, help_text=_("Names of the people who came.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, service__isnull=True)
                | Q(organisation__isnull=True, service__isnull=False),
                name="attendance_organisation_xor_service",
                violation_error_message=_("Record either an organisation or a service."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False),
                name="attendance_organisation_unique",
                violation_error_message=_("The attendance of this organisation is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "service"],
                condition=Q(service__isnull=False),
                name="attendance_service_unique",
                violation_error_message=_("The attendance of this service is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.organisation or self.service} ({self.present})"


class AttendanceState(models.TextChoices):
    """How an invited organisation took part in a meeting, as the office recorded it."""

    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent, excused")
    ABSENT = "absent", _("Absent")
    NOT_RECORDED = "not_recorded", _("Not recorded")


def attendance_state(attendance: Attendance | None, reply: AttendanceReply | None) -> AttendanceState:
    """The one rule: present as recorded; an absence is excused when the organisation had answered the
    convocation that it would not attend; no recorded row means the attendance was not recorded yet."""
    if attendance is None:
        return AttendanceState.NOT_RECORDED
    if attendance.present:
        return AttendanceState.PRESENT
    if reply is not None and reply.status == ReplyStatus.ABSENT:
        return AttendanceState.EXCUSED
    return AttendanceState.ABSENT
