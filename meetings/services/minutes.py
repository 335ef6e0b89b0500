"""Minutes: outcome per item, general notes, attachments, members' comments, approval."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.italian import articled, format_date
from meetings.errors import MeetingError
from meetings.models import (
    AgendaItem,
    Attachment,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesStatusChange,
)
from meetings.services._common import clean
from meetings.uploads import validate_upload
from members.models import Organisation, User


def _log(minutes: Minutes, from_status: str, by: User | None) -> None:
    MinutesStatusChange.objects.create(
        minutes=minutes, from_status=from_status, to_status=minutes.status, by=by
    )


def minutes_save(*, meeting: Meeting, by: User, general_notes: str, outcomes: dict[int, str]) -> Minutes:
    """Write or rewrite the minutes of a held meeting (not once approved)."""
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("Minutes can be written for a held meeting whose minutes are not yet approved."))
    with transaction.atomic():
        minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
        if created:
            _log(minutes, "", by)
        if "edit" not in minutes.allowed_actions(manager=True):
            raise MeetingError(_("Approved minutes cannot be changed."))
        minutes.general_notes = general_notes
        clean(minutes)
        minutes.save()
        items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting, pk__in=list(outcomes))}
        for pk, text in outcomes.items():
            if pk in items and items[pk].outcome != text:
                items[pk].outcome = text
                items[pk].save(update_fields=["outcome", "updated_at"])
    return minutes


def minutes_open_for_comments(*, minutes: Minutes, by: User, comments_until: dt.date) -> Minutes:
    """Send the draft minutes to the members, who may comment until the given date."""
    if comments_until < timezone.localdate():
        raise MeetingError(_("The deadline for comments cannot be in the past."))
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if "open_for_comments" not in minutes.allowed_actions(manager=True):
            raise MeetingError(_("Only draft minutes can be sent for comments."))
        previous = minutes.status
        minutes.status = MinutesStatus.OPEN_FOR_COMMENTS
        minutes.comments_until = comments_until
        minutes.save()
        _log(minutes, previous, by)
        from meetings.tasks import send_minutes_for_comments

        pk = minutes.pk
        transaction.on_commit(lambda: send_minutes_for_comments.enqueue(pk))
    return minutes


def minutes_comment_add(
    *, minutes: Minutes, organisation: Organisation, by: User, text: str
) -> MinutesComment:
    """A member organisation comments on the draft minutes while comments are open."""
    if "comment" not in minutes.allowed_actions(manager=False):
        raise MeetingError(_("Comments on these minutes are closed."))
    comment = MinutesComment(minutes=minutes, organisation=organisation, author=by, text=text.strip())
    clean(comment)
    with transaction.atomic():
        comment.save()
    return comment


def minutes_close_comments(*, minutes: Minutes, by: User) -> Minutes:
    """Close the comment window before its date, on purpose: the minutes can then be approved."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
        if "close_comments" not in minutes.allowed_actions(manager=True):
            raise MeetingError(_("Comments on these minutes are not open."))
        minutes.comments_closed_early_at = timezone.now()
        minutes.save(update_fields=["comments_closed_early_at", "updated_at"])
        MinutesStatusChange.objects.create(
            minutes=minutes,
            from_status=minutes.status,
            to_status=minutes.status,
            by=by,
            reason=_("Comments closed early by the office."),
        )
    return minutes


def minutes_approve(*, minutes: Minutes, by: User) -> Minutes:
    """Approve the minutes: the meeting becomes "minutes approved" and the minutes visible to members."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
        if minutes.status == MinutesStatus.APPROVED:
            raise MeetingError(_("The minutes are already approved."))
        if minutes.accepts_comments:
            until = (
                articled(format_date(minutes.comments_until, "j F Y"), "a") if minutes.comments_until else "–"
            )
            raise MeetingError(
                _("Members can comment until %(date)s: wait for that date, or close the comments early.")
                % {"date": until}
            )
        meeting = minutes.meeting
        if meeting.status != MeetingStatus.HELD:
            raise MeetingError(_("Minutes can be approved only for a held meeting."))
        previous = minutes.status
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = timezone.now()
        minutes.approved_by = by
        minutes.save()
        _log(minutes, previous, by)
        MeetingStatusChange.objects.create(
            meeting=meeting, from_status=meeting.status, to_status=MeetingStatus.MINUTES_APPROVED, by=by
        )
        meeting.status = MeetingStatus.MINUTES_APPROVED
        meeting.save(update_fields=["status", "updated_at"])
    return minutes


def attachment_add(*, minutes: Minutes, by: User, upload: UploadedFile) -> Attachment:
    """Attach a document to the minutes, after checking its size and its real type."""
    if "attach" not in minutes.allowed_actions(manager=True):
        raise MeetingError(_("Approved minutes cannot be changed."))
    kind = validate_upload(upload)
    original = (upload.name or "documento").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    with transaction.atomic():
        upload.name = f"upload{kind.extension}"
        attachment = Attachment(
            minutes=minutes,
            original_name=original,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
