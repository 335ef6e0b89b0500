"""Background work of the project package (django.tasks)."""

from __future__ import annotations

from django.tasks import task

from core.mail import emails_deliver


@task
def deliver_emails() -> dict[str, int]:
    """Send every e-mail that is due (queued, or waiting for a retry)."""
    sent, failed = emails_deliver()
    return {"sent": sent, "failed": failed}
