from __future__ import annotations


class MeetingError(Exception):
    """A meeting workflow step that is not allowed; the message is translated and shown to the user."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = str(message)
