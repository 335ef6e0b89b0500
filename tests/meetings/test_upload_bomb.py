"""An uploaded archive is never decompressed without a bound (a zip bomb costs nothing to refuse)."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Attachment
from tests.meetings.helpers import odt_bytes, past_meeting, with_minutes

pytestmark = pytest.mark.django_db

EXPANDED = 64 * 1024 * 1024


def _zip_bomb() -> bytes:
    """An ODT-looking archive whose "mimetype" member expands from ~64 KB to 64 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            member.write(b"application/vnd.oasis.opendocument.text")
            chunk = b"\0" * (1024 * 1024)
            for _ in range(EXPANDED // len(chunk)):
                member.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_next_to_the_field_without_expanding_it(staff_client):
    meeting = past_meeting()
    with_minutes(meeting)
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    url = f"/area-riservata/incontri/{meeting.pk}/verbale/allegati/"
    # The same refusal once before measuring, so that loading templates and catalogues is not counted.
    staff_client.post(url, {"file": SimpleUploadedFile("verbale.pdf", b"<html>no</html>")})

    tracemalloc.start()
    try:
        response = staff_client.post(url, {"file": SimpleUploadedFile("verbale.odt", bomb)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 16 * 1024 * 1024, f"{peak // (1024 * 1024)} MB allocated"
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(r'id="error_1_id_file"[^>]*>(.*?)</', page, re.S)
    assert error is not None
    assert "Questo tipo di file non è accettato" in error.group(1)
    assert not Attachment.objects.exists()

    # A genuine ODT is still accepted.
    response = staff_client.post(url, {"file": SimpleUploadedFile("verbale.odt", odt_bytes())})
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "application/vnd.oasis.opendocument.text"
