"""Nothing lost: a backup restores into an empty database with the same data and files."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.backup import MANIFEST, MEDIA_FILE, BackupError, backup_create, backup_restore
from members.models import MembershipEvent, Organisation
from tests.factories import OrganisationFactory

_ENGINE = settings.DATABASES["default"]["ENGINE"]
ON_SQLITE = pytest.mark.skipif(
    _ENGINE != "django.db.backends.sqlite3", reason="the test database is not SQLite"
)
ON_POSTGRES = pytest.mark.skipif(
    _ENGINE != "django.db.backends.postgresql",
    reason="the test database is not PostgreSQL (set DATABASE_URL=postgres://...)",
)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "verbali").mkdir(parents=True)
    (root / "verbali" / "verbale-2026.pdf").write_bytes(b"%PDF-1.7 verbale del 12 marzo")
    settings.MEDIA_ROOT = root
    return root


def _make_data() -> Organisation:
    return OrganisationFactory(name="Centro sociale Il Faro", slug="centro-sociale-il-faro")


def _check_media(restored: Path) -> None:
    assert (restored / "verbali" / "verbale-2026.pdf").read_bytes() == b"%PDF-1.7 verbale del 12 marzo"


@ON_SQLITE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_restores_into_an_empty_database(media, tmp_path):
    organisation = _make_data()
    events = MembershipEvent.objects.filter(organisation=organisation).count()
    call_command("backup", output=str(tmp_path / "backups"))
    [backup] = list((tmp_path / "backups").iterdir())
    assert {p.name for p in backup.iterdir()} == {"database.sqlite3", MEDIA_FILE, MANIFEST}

    target = tmp_path / "restored.sqlite3"
    restored_media = tmp_path / "restored-media"
    backup_restore(
        source=backup,
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
        media_root=restored_media,
    )
    with closing(sqlite3.connect(target)) as db:
        name = db.execute("SELECT name FROM members_organisation WHERE id = ?", (organisation.pk,)).fetchone()
        restored_events = db.execute(
            "SELECT count(*) FROM members_membershipevent WHERE organisation_id = ?", (organisation.pk,)
        ).fetchone()[0]
    assert name == ("Centro sociale Il Faro",)
    assert restored_events == events > 0
    _check_media(restored_media)

    # A second restore into the now non-empty database is refused.
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(source=backup, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)})


@ON_SQLITE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_damaged_backup_is_refused(media, tmp_path):
    backup = backup_create(output_root=tmp_path)
    with (backup / MEDIA_FILE).open("ab") as handle:
        handle.write(b"garbage")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup))


@ON_POSTGRES
@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")),
    reason="pg_dump, pg_restore or psql is not on PATH",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_backup_restores_into_an_empty_database(media, tmp_path):
    import psycopg

    organisation = _make_data()
    events = MembershipEvent.objects.filter(organisation=organisation).count()
    backup = backup_create(output_root=tmp_path)
    settings_dict = dict(connection.settings_dict)
    empty_name = f"tavolo_restore_{uuid.uuid4().hex[:10]}"
    params = {
        k: settings_dict[v]
        for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        if settings_dict.get(v)
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{empty_name}"')
    try:
        backup_restore(
            source=backup,
            database={**settings_dict, "NAME": empty_name},
            media_root=tmp_path / "restored-media",
        )
        with psycopg.connect(dbname=empty_name, **params) as db:
            name = db.execute(
                "SELECT name FROM members_organisation WHERE id = %s", (organisation.pk,)
            ).fetchone()
            restored_events = db.execute(
                "SELECT count(*) FROM members_membershipevent WHERE organisation_id = %s", (organisation.pk,)
            ).fetchone()[0]
        assert name == ("Centro sociale Il Faro",)
        assert restored_events == events > 0
        _check_media(tmp_path / "restored-media")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty_name}"')


@ON_SQLITE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_on_shared_storage_are_in_the_backup_and_come_back(settings, tmp_path):
    # Several application servers keep uploads on S3 (docs/scale-out.md): the backup reads them
    # through the storage API. Django's in-memory storage stands in for the bucket.
    in_memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": in_memory}
    default_storage.save("verbali/verbale-2026.pdf", ContentFile(b"%PDF-1.7 verbale del 12 marzo"))
    _make_data()
    call_command("backup", output=str(tmp_path / "backups"))
    [backup] = list((tmp_path / "backups").iterdir())
    default_storage.delete("verbali/verbale-2026.pdf")

    backup_restore(
        source=backup,
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")},
    )
    with default_storage.open("verbali/verbale-2026.pdf", "rb") as restored:
        assert restored.read() == b"%PDF-1.7 verbale del 12 marzo"
