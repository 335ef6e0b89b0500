"""Remind confirmed participants two days before a session's first lesson (safe to run twice)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from training.services import reminders_send


class Command(BaseCommand):
    help = "E-mail the reminder to participants whose course starts within two days (each person once)."

    def handle(self, *args, **options) -> None:
        sent = reminders_send()
        self.stdout.write(f"Reminders sent: {sent}")
