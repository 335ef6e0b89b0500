from __future__ import annotations

from django.core.exceptions import ValidationError

from meetings.errors import MeetingError


def clean(instance) -> None:
    """full_clean() with the first message turned into the app's error type."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise MeetingError("; ".join(exc.messages)) from exc
