"""What every training service shares: the one error type and validation."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError


class TrainingError(Exception):
    """A training operation that cannot be done; the message is shown to the user."""


@dataclass(frozen=True)
class Person:
    """One person to register: what the representative's form asks."""

    first_name: str
    last_name: str
    email: str
    role: str = ""


def validate(instance) -> None:
    """full_clean() turned into the app's error, with the model's translated messages."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise TrainingError(" ".join(exc.messages)) from exc
