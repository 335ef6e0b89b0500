"""`manage.py backup`: a consistent backup of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup (database + uploaded files) under backups/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "backups"),
            help="Directory that receives the <timestamp>/ backup folder.",
        )
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, **options):
        try:
            target = backup_create(output_root=Path(options["output"]), alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
