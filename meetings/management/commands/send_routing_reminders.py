"""Remind the referents of municipal services of the routings due soon and of the overdue ones."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from meetings.services import routing_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the referents of routings due within TAVOLO_ROUTING_REMINDER_DAYS days or overdue "
        "(each reminder once)."
    )

    def handle(self, *args, **options) -> None:
        queued = routing_reminders_send()
        self.stdout.write(
            f"Routing reminders queued: {queued} "
            f"(due within {settings.TAVOLO_ROUTING_REMINDER_DAYS} days, or overdue)"
        )
