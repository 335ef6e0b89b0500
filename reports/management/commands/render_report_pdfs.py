"""Render the PDF of every published report version that has none, and make the public copies of
the files that have none (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.services import report_versions_publish_missing_files, report_versions_render_missing_pdfs


class Command(BaseCommand):
    help = (
        "Render the PDFs that an interrupted render left missing, and make the public copies of the "
        "published files that have none, e.g. after an upgrade (safe to run twice)."
    )

    def handle(self, *args, **options) -> None:
        rendered, failed = report_versions_render_missing_pdfs()
        published = report_versions_publish_missing_files()
        self.stdout.write(f"rendered={rendered} failed={failed} published={published}")
