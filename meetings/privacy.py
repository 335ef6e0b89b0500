"""Personal data held by the meetings app: export and anonymisation (GDPR art. 15, 17).

Organisations' history (proposals, replies, comments, contributions of services) stays: it is the
table's record and feeds the annual report. What identifies the person is removed or detached.
"""

from __future__ import annotations

from django.db import transaction

from meetings.models import (
    AgendaItem,
    AttendanceReply,
    MinutesComment,
    Routing,
    TopicProposal,
)
from members.models import User


def personal_data(user: User) -> dict:
    """What this app holds about the person, as JSON-serialisable data."""
    return {
        "topic_proposals": [
            {
                "organisation": p.organisation.name,
                "title": p.title,
                "description": p.description,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
            }
            for p in TopicProposal.objects.filter(proposer=user).select_related("organisation")
        ],
        "attendance_replies": [
            {
                "meeting": r.meeting.title,
                "organisation": r.organisation.name,
                "status": r.status,
                "attendee_names": r.attendee_names,
                "replied_at": r.replied_at.isoformat(),
            }
            for r in AttendanceReply.objects.filter(replied_by=user).select_related("meeting", "organisation")
        ],
        "minutes_comments": [
            {
                "meeting": c.minutes.meeting.title,
                "organisation": c.organisation.name,
                "text": c.text,
                "created_at": c.created_at.isoformat(),
            }
            for c in MinutesComment.objects.filter(author=user).select_related(
                "minutes__meeting", "organisation"
            )
        ],
        "routings": [
            {
                "meeting": r.agenda_item.meeting.title,
                "agenda_item": r.agenda_item.title,
                "service": r.service.name,
                "status": r.status,
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
            }
            for r in Routing.objects.filter(referent=user).select_related("agenda_item__meeting", "service")
        ],
    }


def anonymise(user: User) -> None:
    """Detach the person from the app's records; keep what the organisations and services did."""
    with transaction.atomic():
        TopicProposal.objects.filter(proposer=user).update(proposer=None)
        AttendanceReply.objects.filter(replied_by=user).update(replied_by=None, attendee_names="")
        MinutesComment.objects.filter(author=user).update(author=None)
        Routing.objects.filter(referent=user).update(referent=None)
        Routing.objects.filter(answered_by=user).update(answered_by=None)
        AgendaItem.objects.filter(proposer_user=user).update(proposer_user=None)
