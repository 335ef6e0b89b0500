"""Remind the owners of open decisions before their expected date and once it has passed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from meetings.services import decision_reminders_send


class Command(BaseCommand):
    help = "E-mail the owners of decisions due within two weeks or overdue (each reminder once)."

    def handle(self, *args, **options) -> None:
        queued = decision_reminders_send()
        self.stdout.write(f"Decision reminders queued: {queued}")
