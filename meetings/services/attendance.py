"""Replies to the convocation and the presence recorded at the meeting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pagecache import pages_changed
from meetings.errors import MeetingError
from meetings.models import Attendance, AttendanceReply, Meeting, MeetingStatus, ReplyStatus, Routing
from members.models import Organisation, User


def attendance_reply(
    *, meeting: Meeting, organisation: Organisation, by: User, status: str, attendee_names: str = ""
) -> AttendanceReply:
    """An organisation says whether it will attend and who will come (until the meeting starts)."""
    if "reply" not in meeting.allowed_actions(manager=False):
        if meeting.status != MeetingStatus.CONVENED:
            raise MeetingError(_("You can answer only to a convened meeting."))
        raise MeetingError(_("The meeting has already started: answers are closed."))
    if status not in ReplyStatus.values:
        raise MeetingError(_("Choose whether you will attend."))
    if not meeting.invitations.filter(organisation=organisation).exists():
        raise MeetingError(_("Your organisation was not invited to this meeting."))
    with transaction.atomic():
        reply, _created = AttendanceReply.objects.update_or_create(
            meeting=meeting,
            organisation=organisation,
            defaults={
                "status": status,
                "attendee_names": attendee_names.strip() if status == ReplyStatus.PRESENT else "",
                "replied_by": by,
                "replied_at": timezone.now(),
            },
        )
    return reply


def attendance_record(
    *,
    meeting: Meeting,
    by: User,
    present_organisation_ids: Iterable[int],
    present_service_ids: Iterable[int],
    attended_by: Mapping[int, str] | None = None,
) -> None:
    """Staff record who was actually there: every invited organisation and routed service gets a row;
    `attended_by` names, per organisation pk, the people who came (kept only for those present)."""
    if "record_attendance" not in meeting.allowed_actions(manager=True):
        if "attendance_sheet" not in meeting.allowed_actions(manager=True):
            raise MeetingError(_("Presence can be recorded only for a convened or held meeting."))
        raise MeetingError(_("Presence can be recorded once the meeting has started."))
    present_orgs = {int(pk) for pk in present_organisation_ids}
    present_services = {int(pk) for pk in present_service_ids}
    invited = set(meeting.invitations.values_list("organisation_id", flat=True))
    routed = set(
        Routing.objects.filter(agenda_item__meeting=meeting).values_list("service_id", flat=True).distinct()
    )
    if not present_orgs <= invited or not present_services <= routed:
        raise MeetingError(_("Only invited organisations and routed services can be marked as present."))
    names = attended_by or {}
    now = timezone.now()
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting).delete()
        pages_changed()  # bulk_create sends no signal
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=meeting,
                    organisation_id=pk,
                    present=pk in present_orgs,
                    attended_by=" ".join(names.get(pk, "").split()) if pk in present_orgs else "",
                    recorded_by=by,
                    recorded_at=now,
                )
                for pk in sorted(invited)
            ]
            + [
                Attendance(
                    meeting=meeting,
                    service_id=pk,
                    present=pk in present_services,
                    recorded_by=by,
                    recorded_at=now,
                )
                for pk in sorted(routed)
            ],
            batch_size=500,
        )
