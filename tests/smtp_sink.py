"""A local SMTP server for the tests that need a real SMTP conversation (aiosmtpd)."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class SmtpSink:
    """Records every accepted message and counts SMTP sessions (one EHLO each).

    `hold` (a set of message ids, read from the X-Tavolo-Message header) makes the server keep the
    DATA command of those messages waiting until `release()`, so that a test can stop a deliverer in
    the middle of sending; a held message is refused when released, as if never received.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[email.message.Message] = []
        self.sessions = 0
        self.hold: set[str] = set()
        self.holding = threading.Event()
        self.released = threading.Event()
        self.delay = 0.0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        if message["X-Tavolo-Message"] in self.hold:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 Requested action aborted"
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def release(self) -> None:
        self.released.set()

    def ids(self) -> list[str]:
        """The X-Tavolo-Message header of every accepted message, in arrival order."""
        with self.lock:
            return [message["X-Tavolo-Message"] for message in self.messages]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_sink() -> Iterator[tuple[SmtpSink, int]]:
    """A running sink and its port on 127.0.0.1."""
    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        sink.release()
        controller.stop()


def smtp_mailers(port: int) -> dict[str, dict[str, object]]:
    """The MAILERS setting that sends to a sink on `port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 20},
        }
    }
