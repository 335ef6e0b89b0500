"""Personal data core holds about one person: their notifications and e-mail choices, and their erasure.

Listed under `privacy` in settings.TAVOLO_PROVIDERS (core.privacy); the export shows them under "core".
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.models import EmailOptOut, Notification


def personal_data(user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "emails_switched_off": sorted(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True)),
    }


def anonymise(user: Any) -> None:
    """The notifications said what concerned the person: they go with the account."""
    with transaction.atomic():
        Notification.objects.filter(recipient=user).delete()
        EmailOptOut.objects.filter(user=user).delete()
