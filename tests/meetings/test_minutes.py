from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.errors import MeetingError
from meetings.models import Attachment, MeetingStatus, MinutesStatus
from tests.meetings.helpers import docx_bytes, odt_bytes, past_meeting, pdf_bytes, with_minutes

pytestmark = pytest.mark.django_db


def test_upload_type_is_read_from_the_content(staff):
    minutes = with_minutes(past_meeting())
    for name, content, expected in (
        ("verbale.pdf", pdf_bytes(), "application/pdf"),
        ("verbale.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        (
            "verbale.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"),
    ):
        attachment = services.attachment_add(
            minutes=minutes, by=staff, upload=SimpleUploadedFile(name, content)
        )
        assert attachment.content_type == expected
        assert attachment.original_name == name
        # Stored under a generated name, never the uploader's.
        assert name.split(".")[0] not in attachment.file.name
        assert attachment.file.name.startswith("private/meetings/")


def test_fake_pdf_and_oversize_files_are_rejected(staff, settings):
    minutes = with_minutes(past_meeting())
    with pytest.raises(MeetingError, match="non è accettato"):
        services.attachment_add(
            minutes=minutes,
            by=staff,
            upload=SimpleUploadedFile("verbale.pdf", b"MZ\x90\x00 not a pdf at all"),
        )
    with pytest.raises(MeetingError, match="non è accettato"):
        services.attachment_add(
            minutes=minutes, by=staff, upload=SimpleUploadedFile("a.docx", b"PK\x03\x04broken")
        )
    settings.TAVOLO_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(MeetingError, match="troppo grande"):
        services.attachment_add(
            minutes=minutes,
            by=staff,
            upload=SimpleUploadedFile("big.pdf", pdf_bytes() + b"0" * (1024 * 1024)),
        )
    assert not Attachment.objects.exists()


def test_upload_view_shows_the_error(staff_client):
    meeting = past_meeting()
    with_minutes(meeting)
    response = staff_client.post(
        f"/area-riservata/incontri/{meeting.pk}/verbale/allegati/",
        {"file": SimpleUploadedFile("verbale.pdf", b"<html>no</html>")},
        follow=True,
    )
    assert "Questo tipo di file non è accettato" in response.content.decode()


def test_attachment_is_served_as_download_only_to_allowed_users(
    staff, org_rep, org_rep_client, anonymous, service_referent_client
):
    meeting = past_meeting(is_public=False)
    minutes = with_minutes(meeting)
    attachment = services.attachment_add(
        minutes=minutes, by=staff, upload=SimpleUploadedFile("Verbale 3.pdf", pdf_bytes())
    )
    services.minutes_approve(minutes=minutes, by=staff)
    url = f"/incontri/allegati/{attachment.pk}/"
    response = org_rep_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Verbale 3.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert anonymous.get(url).status_code == 404  # members-only meeting
    from django.test import Client

    from tests.factories import UserFactory

    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 404


def test_draft_minutes_attachments_are_hidden_from_members(staff, org_rep_client):
    minutes = with_minutes(past_meeting())
    attachment = services.attachment_add(
        minutes=minutes, by=staff, upload=SimpleUploadedFile("b.pdf", pdf_bytes())
    )
    assert org_rep_client.get(f"/incontri/allegati/{attachment.pk}/").status_code == 404


def test_minutes_workflow_from_draft_to_approved(
    staff, org_rep, rep_org, anonymous, org_rep_client, django_capture_on_commit_callbacks
):
    meeting = past_meeting(is_public=True)
    from tests.factories import AgendaItemFactory

    item = AgendaItemFactory(meeting=meeting, title="Povertà educativa e centri estivi")
    minutes = services.minutes_save(
        meeting=meeting,
        by=staff,
        general_notes="Apre l'Assessore.",
        outcomes={item.pk: "Si estendono i centri estivi."},
    )
    item.refresh_from_db()
    assert item.outcome == "Si estendono i centri estivi."
    assert "Apre l" not in anonymous.get(meeting.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_open_for_comments(
            minutes=minutes, by=staff, comments_until=timezone.localdate() + dt.timedelta(days=10)
        )
    [message] = [m for m in mail.outbox if m.to == [org_rep.email]]
    assert "Bozza di verbale" in message.subject
    page = org_rep_client.get(meeting.get_absolute_url()).content.decode()
    assert "Apre l" in page and "Bozza di verbale" in page
    response = org_rep_client.post(
        f"/incontri/{meeting.pk}/verbale/osservazioni/", {"text": "Manca la nostra presenza."}
    )
    assert response.status_code == 302
    assert minutes.comments.get().organisation == rep_org

    # the comment window is still open: the office closes it on purpose before approving
    services.minutes_close_comments(minutes=minutes, by=staff)
    services.minutes_approve(minutes=minutes, by=staff)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert list(meeting.status_changes.values_list("to_status", flat=True))[-1] == "minutes_approved"
    public = anonymous.get(meeting.get_absolute_url()).content.decode()
    assert "Apre l" in public and "Si estendono i centri estivi." in public
    with pytest.raises(MeetingError, match="approvato"):
        services.minutes_save(meeting=meeting, by=staff, general_notes="x", outcomes={})
    with pytest.raises(MeetingError, match="chiuse"):
        services.minutes_comment_add(minutes=minutes, organisation=rep_org, by=org_rep, text="tardi")


def test_minutes_of_members_only_meeting_stay_private(staff, anonymous, org_rep_client):
    meeting = past_meeting(is_public=False, status=MeetingStatus.MINUTES_APPROVED)
    with_minutes(meeting, status=MinutesStatus.APPROVED)
    assert anonymous.get(meeting.get_absolute_url()).status_code == 404
    assert "Presenti 12 organizzazioni." in org_rep_client.get(meeting.get_absolute_url()).content.decode()


def test_minutes_need_a_held_meeting(staff, item):
    with pytest.raises(MeetingError, match="svolto"):
        services.minutes_save(meeting=item.meeting, by=staff, general_notes="x", outcomes={})


def test_attachments_of_approved_public_minutes_are_public(staff, anonymous):
    minutes = with_minutes(past_meeting(is_public=True))
    attachment = services.attachment_add(
        minutes=minutes, by=staff, upload=SimpleUploadedFile("a.pdf", pdf_bytes())
    )
    assert anonymous.get(f"/incontri/allegati/{attachment.pk}/").status_code == 404  # draft minutes
    services.minutes_approve(minutes=minutes, by=staff)
    response = anonymous.get(f"/incontri/allegati/{attachment.pk}/")
    b"".join(response.streaming_content)  # read to the end: the file is closed
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
