"""Sending stored files: by nginx when the portal runs behind it, by Django otherwise."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def sent_by_the_web_server(file: FieldFile) -> bool:
    """Whether nginx will send this stored file (MEDIA_ACCEL_REDIRECT set, the file on the local disk)."""
    return bool(settings.MEDIA_ACCEL_REDIRECT) and isinstance(file.storage, FileSystemStorage)


def stored_file_response(
    file: FieldFile, *, content_type: str, filename: str, as_attachment: bool = False
) -> HttpResponse:
    """The file, inline (or as an attachment), under `filename`; the caller has already decided who may
    read it.

    With MEDIA_ACCEL_REDIRECT set and files on the local disk, nginx sends the bytes (ranges, sendfile)
    and the gunicorn worker is free at once; otherwise Django streams the file itself.
    """
    if sent_by_the_web_server(file):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(file.name)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=as_attachment, filename=filename
        )
        return response
    return FileResponse(
        file.open("rb"), content_type=content_type, filename=filename, as_attachment=as_attachment
    )
