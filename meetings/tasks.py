"""Background work of the meetings app: the e-mails that go to every member.

Tasks take primary keys and are enqueued with transaction.on_commit by the services. Each message
has a dedup key per (meeting, calendar revision, recipient): running a task twice sends nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from meetings import email_kinds, ical, selectors
from meetings.models import Meeting, MeetingStatus, Minutes

NOTICE_TEMPLATES = {
    "convocation": "meetings/emails/convocation",
    "update": "meetings/emails/update",
    "cancellation": "meetings/emails/cancellation",
}


def _notice_kind(method: str, sequence: int) -> str:
    if method == "CANCEL":
        return "cancellation"
    return "convocation" if sequence == 0 else "update"


def _send_notice(meeting: Meeting, method: str, sequence: int, kind: str, recipients) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subjects = {
            "convocation": _("Convocation: %(title)s"),
            "update": _("Change to the meeting: %(title)s"),
            "cancellation": _("Meeting cancelled: %(title)s"),
        }
        subject = subjects[kind] % {"title": meeting.title}
    # `method` names the notice (REQUEST: convocation or update, CANCEL: cancellation); the calendar
    # itself is always PUBLISH: the portal reads no e-mailed replies, organisations answer on the page
    # linked in the event's description (see meetings/ical.py).
    ics = ical.meeting_calendar(meeting, "PUBLISH")
    context = {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "meeting_url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        "cancel_reason": selectors.last_status_reason(meeting) if kind == "cancellation" else "",
    }
    sent = 0
    # One transaction for every recipient: one delivery after the commit, one SMTP connection a batch.
    with transaction.atomic():
        for recipient in recipients:
            message = email_enqueue(
                to=recipient.email,
                subject=subject,
                template=NOTICE_TEMPLATES[kind],
                context={**context, "recipient_name": recipient.name},
                dedup_key=f"meeting:{meeting.pk}:{method}:{sequence}:{recipient.email.lower()}",
                calendar=("incontro.ics", ics, "PUBLISH"),
                kind=email_kinds.CONVOCATION,
            )
            sent += message is not None
    return sent


@task
def send_meeting_notice(meeting_pk: int, sequence: int, method: str) -> int:
    """E-mail the convocation, an update or a cancellation to everyone invited; returns messages queued."""
    meeting = selectors.meeting_for_notice(meeting_pk)
    if meeting is None:
        return 0
    kind = _notice_kind(method, sequence)
    return _send_notice(meeting, method, sequence, kind, selectors.notice_recipients(meeting))


@task
def send_convocation_to_organisation(meeting_pk: int, organisation_pk: int) -> int:
    """E-mail the convocation (with the meeting as it is now) to the representatives of an
    organisation invited after the meeting was convened."""
    meeting = selectors.meeting_for_notice(meeting_pk)
    if meeting is None or meeting.status != MeetingStatus.CONVENED:
        return 0
    recipients = selectors.organisation_recipients(organisation_pk)
    return _send_notice(meeting, "REQUEST", meeting.ics_sequence, "convocation", recipients)


@task
def send_minutes_for_comments(minutes_pk: int) -> int:
    """Tell every active representative that the draft minutes are open for comments."""
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_pk).first()
    if minutes is None or minutes.meeting.status == MeetingStatus.CANCELLED:
        return 0
    meeting: Meeting = minutes.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Draft minutes to review: %(title)s") % {"title": meeting.title}
    sent = 0
    with transaction.atomic():
        for recipient in selectors.member_recipients():
            message = email_enqueue(
                to=recipient.email,
                subject=subject,
                template="meetings/emails/minutes_for_comments",
                context={
                    "meeting": meeting,
                    "minutes": minutes,
                    "recipient_name": recipient.name,
                    "meeting_url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
                },
                dedup_key=f"minutes:{minutes.pk}:comments:{recipient.email.lower()}",
                kind=email_kinds.MINUTES,
            )
            sent += message is not None
    return sent
