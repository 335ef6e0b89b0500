"""Minutes: outcome per item, general notes, attachments, members' comments, approval."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.italian import articled, format_date
from core.notifications import NotifyEmail, notify
from meetings import email_kinds
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
from members import selectors as member_selectors
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
        _tell_members_minutes_open(minutes)
        from meetings.tasks import send_minutes_for_comments

        pk = minutes.pk
        transaction.on_commit(lambda: send_minutes_for_comments.enqueue(pk))
    return minutes


def _tell_members_minutes_open(minutes: Minutes) -> None:
    """In their area, the representatives see the draft they may comment (the task sends the e-mail)."""
    meeting = minutes.meeting
    until = articled(format_date(minutes.comments_until, "j F Y"), "a")
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "The draft minutes of “%(meeting)s” are ready: your organisation can comment until %(date)s"
        ) % {
            "meeting": meeting.title,
            "date": until,
        }
    notify(
        recipients=[rep.user for rep in member_selectors.active_representatives()],
        kind=email_kinds.MINUTES,
        text=text,
        url=meeting.get_absolute_url(),
        key=f"minutes:{minutes.pk}:open:{minutes.comments_until}",
    )


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
        _tell_office_of_comment(comment)
    return comment


def _tell_office_of_comment(comment: MinutesComment) -> None:
    meeting = comment.minutes.meeting
    path = reverse("meetings:minutes", args=[meeting.pk])
    with translation.override(settings.LANGUAGE_CODE):
        values = {"organisation": comment.organisation.name, "meeting": meeting.title}
        text = _("%(organisation)s commented on the draft minutes of “%(meeting)s”") % values
        subject = _("Comment on the minutes: %(meeting)s") % values
    notify(
        recipients=member_selectors.office_staff(),
        kind=email_kinds.OFFICE_MINUTES_COMMENT,
        text=text,
        url=path,
        key=f"minutes-comment:{comment.pk}",
        email=NotifyEmail(
            subject=subject,
            template="meetings/emails/office_minutes_comment",
            context={"comment": comment, "meeting": meeting, "url": f"{settings.SITE_URL}{path}"},
        ),
    )


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
        _tell_members_minutes_approved(minutes)
    return minutes


def _tell_members_minutes_approved(minutes: Minutes) -> None:
    """The representatives of the member organisations: by e-mail (their choice) and in their area."""
    meeting = minutes.meeting
    path = meeting.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The minutes of the meeting “%(meeting)s” have been approved") % {"meeting": meeting.title}
        subject = _("Minutes approved: %(meeting)s") % {"meeting": meeting.title}
    notify(
        recipients=[rep.user for rep in member_selectors.active_representatives()],
        kind=email_kinds.MINUTES,
        text=text,
        url=path,
        key=f"minutes:{minutes.pk}:approved",
        email=NotifyEmail(
            subject=subject,
            template="meetings/emails/minutes_approved",
            context={"meeting": meeting, "minutes": minutes, "meeting_url": f"{settings.SITE_URL}{path}"},
        ),
    )


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
