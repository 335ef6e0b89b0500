"""Published files: public, immutable copies under content-hashed names, served without a view.

A file that may never change once published (a published report version's PDF and open data) is
copied, when it is published, to `MEDIA_ROOT/pubblicati/<folder>/<hash>/<name>`: the hash is the
content's, so the URL `/pubblicati/<folder>/<hash>/<name>` always means the same bytes and is cached
for good (`Cache-Control: immutable`), while the last segment is the name a visitor saves the file
under. Nothing else is ever written there: only what the caller decided is public.

`PublishedFilesMiddleware` (WhiteNoise's middleware plus that folder) serves the copies without a
view, with the open-data headers; behind nginx the site's `location /pubblicati/` sends them first
(deploy/nginx/tavolo.conf). Copies are made only when the uploaded files live on this machine's disk
(FileSystemStorage): with shared storage (S3, several servers) a local copy would be on one server
only, and the portal's views send the files as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.http import content_disposition_header
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import NotARegularFileError, StaticFile

PUBLISHED_URL = "/pubblicati/"
FOLDER = "pubblicati"
# Everything published there is open data under CC BY 4.0 (the legal notes page says so).
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# What may be published, with its type; CSV files are downloaded, the others shown in the browser.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
ATTACHMENTS = frozenset({".csv"})
# Ten years, as WhiteNoise and nginx's `expires max` say "for good".
IMMUTABLE = "max-age=315360000, public, immutable"
HASH_LENGTH = 16


def publishing_available() -> bool:
    """Whether public copies are made and served: uploaded files on this machine's disk."""
    return isinstance(default_storage, FileSystemStorage)


def published_root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def published_url(relative: str) -> str:
    """The public URL of a copy made by `publish` (its path relative to the public folder)."""
    return PUBLISHED_URL + quote(relative)


def publish(content: bytes, *, folder: str, name: str) -> str:
    """Copy `content` to the public folder as `<folder>/<hash>/<name>` (once: a second call finds it)
    and return that relative path. The file appears whole or not at all (written aside, then renamed)."""
    if os.path.splitext(name)[1] not in CONTENT_TYPES or "/" in name or name.startswith("."):
        raise ValueError(f"not a publishable file name: {name!r}")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    relative = f"{folder.strip('/')}/{digest}/{name}"
    target = published_root() / relative
    if target.is_file() and target.stat().st_size == len(content):
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, part = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        # As uploaded files (nginx reads them as a member of the portal's group).
        os.chmod(part, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise
    return relative


class PublishedFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise (static files, as configured) plus the published copies under PUBLISHED_URL.

    Copies are published while the server runs, so they are not listed at start-up: the first request
    for one finds it on the disk, later ones answer from memory. A URL with no file goes on to Django
    (its 404 page).
    """

    def __init__(self, get_response=None, settings=settings) -> None:
        super().__init__(get_response, settings)
        self.published_root = str(published_root().resolve()) + os.sep
        self.published: dict[str, StaticFile] = {}

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PUBLISHED_URL):
            static_file = self.published.get(path) or self.find_published(path)
            if static_file is not None:
                try:
                    return self.serve(static_file, request)
                except FileNotFoundError:  # removed from the disk since: forgotten, and a 404
                    self.published.pop(path, None)
            return self.get_response(request)
        return super().__call__(request)

    def find_published(self, url: str) -> StaticFile | None:
        name = url.rsplit("/", 1)[-1]
        extension = os.path.splitext(name)[1]
        if extension not in CONTENT_TYPES or name.startswith(".") or not self.url_is_canonical(url):
            return None
        path = os.path.join(self.published_root, url[len(PUBLISHED_URL) :])
        if not self.path_is_child_of(path, self.published_root):
            return None
        headers = [
            ("Content-Type", CONTENT_TYPES[extension]),
            ("Cache-Control", IMMUTABLE),
            ("Access-Control-Allow-Origin", "*"),
            ("Link", f'<{LICENCE_URL}>; rel="license"'),
            ("Content-Disposition", content_disposition_header(extension in ATTACHMENTS, name)),
        ]
        try:
            static_file = StaticFile(path, headers)
        except (NotARegularFileError, OSError):  # none there (or a folder, or a path through a file)
            return None
        self.published[url] = static_file
        return static_file
