"""What an uploaded file really is, read from its content rather than its name or the browser's claim."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from meetings.errors import MeetingError

ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF_KIND = FileKind("application/pdf", ".pdf")
PNG_KIND = FileKind("image/png", ".png")
JPEG_KIND = FileKind("image/jpeg", ".jpg")
ODT_KIND = FileKind(ODT, ".odt")
DOCX_KIND = FileKind(DOCX, ".docx")


def _zip_kind(stream: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Never more than the expected bytes: a small archive can expand to gigabytes.
                with archive.open("mimetype") as member:
                    mimetype = member.read(len(ODT) + 1)
                if mimetype == ODT.encode():
                    return ODT_KIND
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX_KIND
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    return None


def sniff(stream: IO[bytes]) -> FileKind | None:
    """The kind of a file among those accepted (PDF, PNG, JPEG, ODT, DOCX), or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF_KIND
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG_KIND
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG_KIND
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def validate_upload(upload: UploadedFile) -> FileKind:
    """Check size and content of an attachment; raise MeetingError with a message for the user."""
    limit = settings.TAVOLO_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise MeetingError(
            _("The file is too large: at most %(mb)s MB are allowed.") % {"mb": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise MeetingError(_("The file is empty."))
    kind = sniff(upload)
    if kind is None:
        raise MeetingError(_("This type of file is not accepted: upload a PDF, ODT, DOCX, PNG or JPEG file."))
    return kind
