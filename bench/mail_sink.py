"""A local SMTP sink (aiosmtpd) that counts messages and the connections they came through."""

from __future__ import annotations

import threading

from aiosmtpd.controller import Controller


class _Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages = 0
        self.recipients = 0
        self.sessions: set[int] = set()
        self._keep: list[object] = []  # sessions stay referenced so their ids are never reused

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
            self.recipients += len(envelope.rcpt_tos)
            if id(session) not in self.sessions:
                self.sessions.add(id(session))
                self._keep.append(session)
        return "250 Message accepted"


class MailSink:
    def __init__(self, port: int) -> None:
        self.port = port
        self.counter = _Counter()
        self.controller = Controller(
            self.counter, hostname="127.0.0.1", port=port, server_kwargs={"data_size_limit": 10 * 1024 * 1024}
        )

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def messages(self) -> int:
        return self.counter.messages

    @property
    def connections(self) -> int:
        return len(self.counter.sessions)


__all__ = ["MailSink"]
