"""Building blocks for meetings tests: a meeting in a given state, with its history rows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.utils import timezone

from meetings.models import Invitation, Meeting, MeetingStatus, MeetingStatusChange, Minutes, MinutesStatus
from tests.factories import AgendaItemFactory, MeetingFactory


def past_meeting(
    *, status: str = MeetingStatus.HELD, days_ago: int = 5, organisations=(), **kwargs
) -> Meeting:
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    meeting = MeetingFactory(
        starts_at=start, status=status, convened_at=start - dt.timedelta(days=15), **kwargs
    )
    MeetingStatusChange.objects.create(meeting=meeting, from_status="draft", to_status="convened")
    for org in organisations:
        Invitation.objects.create(meeting=meeting, organisation=org)
    return meeting


def with_minutes(meeting: Meeting, status: str = MinutesStatus.DRAFT, **kwargs) -> Minutes:
    AgendaItemFactory(meeting=meeting, title="Emergenza abitativa", outcome="Si avvia un tavolo con ACER.")
    return Minutes.objects.create(
        meeting=meeting, status=status, general_notes="Presenti 12 organizzazioni.", **kwargs
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
