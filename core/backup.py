"""Consistent backups of the database and the uploaded files, and their restore into an empty database.

PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent while the site runs).
SQLite: the online backup API (`sqlite3.Connection.backup`), consistent while the site runs.
Uploaded files: a tar.gz of MEDIA_ROOT, or, when they live on shared storage (S3, see
docs/scale-out.md), of every file of the default storage, read and written back through Django's
storage API. A manifest records the engine and each file's SHA-256, checked before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be carried out; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools (password via PGPASSWORD)."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed or not on PATH.")
    return path


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        [_tool(command[0]), *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _shared_storage(media_root: Path | None) -> Storage | None:
    """The default storage when uploaded files are not on the local disk (and no folder was given)."""
    if media_root is not None or isinstance(default_storage, FileSystemStorage):
        return None
    return default_storage


def _storage_files(storage: Storage, folder: str = "") -> list[str]:
    directories, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names.extend(_storage_files(storage, f"{folder}/{directory}" if folder else directory))
    return names


def _archive_storage(archive: tarfile.TarFile, storage: Storage) -> None:
    for name in sorted(_storage_files(storage)):
        info = tarfile.TarInfo(f"media/{name}")
        info.size = storage.size(name)
        with storage.open(name, "rb") as handle:
            archive.addfile(info, handle)


def _restore_storage(archive: tarfile.TarFile, storage: Storage) -> None:
    for member in archive.getmembers():
        if not member.isfile():
            continue
        name = member.name.removeprefix("media/")
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"{member.name} is outside the uploaded files.")
        handle = archive.extractfile(member)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, handle)


def backup_create(*, output_root: Path, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write a consistent backup of the database and of MEDIA_ROOT to `output_root/<timestamp>/`."""
    shared = _shared_storage(media_root)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db = connections[alias].settings_dict
    target = Path(output_root) / timezone.now().strftime("%Y%m%d-%H%M%S")
    if target.exists():
        raise BackupError(f"{target} already exists.")
    target.mkdir(parents=True, mode=0o700)  # personal data: readable by the site's user only
    files = []
    if db["ENGINE"] == SQLITE:
        connection = connections[alias]
        if connection.in_atomic_block:
            # The backup API would wait forever for our own write lock.
            raise BackupError("An SQLite backup cannot run inside a transaction.")
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        files.append(SQLITE_FILE)
    elif db["ENGINE"] == POSTGRES:
        args, env = _pg_args(db)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / POSTGRES_FILE),
                *args,
                "--dbname",
                db["NAME"],
            ],
            env,
        )
        files.append(POSTGRES_FILE)
    else:
        raise BackupError(f"Unsupported database engine {db['ENGINE']}.")
    with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
        if shared is not None:
            _archive_storage(archive, shared)
        elif media_root.is_dir():
            archive.add(media_root, arcname="media")
    files.append(MEDIA_FILE)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": db["ENGINE"],
        "files": {name: _sha256(target / name) for name in files},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def _read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a backup: {exc}") from exc
    for name, checksum in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != checksum:
            raise BackupError(f"{path} is missing or damaged (checksum mismatch).")
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    # sqlite3's context manager ends the transaction but does not close the connection.
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] == 0


def _postgres_is_empty(db: dict[str, Any]) -> bool:
    args, env = _pg_args(db)
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    output = _run(
        ["psql", *args, "--dbname", db["NAME"], "--tuples-only", "--no-align", "--command", sql], env
    )
    return output.strip() == "0"


def backup_restore(*, source: Path, database: dict[str, Any], media_root: Path | None = None) -> None:
    """Restore a backup into an EMPTY database (refuses otherwise) and unpack the uploaded files."""
    source = Path(source)
    shared = _shared_storage(media_root)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = _read_manifest(source)
    if manifest["engine"] != database["ENGINE"]:
        raise BackupError(
            f"The backup is of {manifest['engine']}, the target database is {database['ENGINE']}."
        )
    if database["ENGINE"] == SQLITE:
        path = Path(database["NAME"])
        if not _sqlite_is_empty(path):
            raise BackupError(f"{path} is not empty: restore only into an empty database.")
        origin = sqlite3.connect(source / SQLITE_FILE)
        destination = sqlite3.connect(path)
        try:
            origin.backup(destination)
        finally:
            origin.close()
            destination.close()
    else:
        if not _postgres_is_empty(database):
            raise BackupError(
                f"Database {database['NAME']} is not empty: restore only into an empty database."
            )
        args, env = _pg_args(database)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *args,
                "--dbname",
                database["NAME"],
                str(source / POSTGRES_FILE),
            ],
            env,
        )
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        if shared is not None:
            _restore_storage(archive, shared)
            return
        media_root.mkdir(parents=True, exist_ok=True)
        for member in archive.getmembers():
            if member.name == "media":
                continue
            member.name = member.name.removeprefix("media/")
            # The "data" filter refuses absolute paths, links out of the tree and device files.
            archive.extract(member, media_root, filter="data")
