"""`manage.py restore <dir>`: restore a backup into an empty database and unpack the uploaded files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder written by `manage.py backup` into an EMPTY database."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backups/<timestamp>/ folder.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")

    def handle(self, *args, **options):
        database = connections[options["database"]].settings_dict
        connections[options["database"]].close()
        try:
            backup_restore(source=Path(options["source"]), database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {options['source']} into {database['NAME']}"))
