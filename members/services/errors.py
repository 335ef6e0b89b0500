from __future__ import annotations


class MembershipError(Exception):
    """A membership rule refused the operation; the message is translatable and shown to the user."""

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
