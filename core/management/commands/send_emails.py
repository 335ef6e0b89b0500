"""Deliver queued e-mails and retry failed ones whose backoff has expired (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core.mail import emails_deliver


class Command(BaseCommand):
    help = "Send queued e-mails and retry the ones whose wait has expired."

    def handle(self, *args, **options) -> None:
        sent, failed = emails_deliver()
        self.stdout.write(f"sent={sent} failed={failed}")
