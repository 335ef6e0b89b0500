"""Render the PDF of every published report version that has none (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.services import report_versions_render_missing_pdfs


class Command(BaseCommand):
    help = "Render the PDFs that an interrupted render left missing (safe to run twice)."

    def handle(self, *args, **options) -> None:
        rendered, failed = report_versions_render_missing_pdfs()
        self.stdout.write(f"rendered={rendered} failed={failed}")
