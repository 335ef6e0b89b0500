"""Logging filters, importable before Django's apps are ready (settings.LOGGING names them)."""

from __future__ import annotations

import logging

# allauth keeps the secret of a TOTP authenticator being set up in the session under this key.
_TOTP_SECRET_SESSION_KEY = "mfa.totp.secret"  # noqa: S105 - a session key, not a secret


class RedactTOTPSecret(logging.Filter):
    """Keep a TOTP secret being set up out of the logs, whatever error message would carry it."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        session = getattr(request, "session", None)
        secret = session.get(_TOTP_SECRET_SESSION_KEY) if session is not None else None
        if not secret:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = message.replace(secret, "[secret]"), ()
        if record.exc_text:
            record.exc_text = record.exc_text.replace(secret, "[secret]")
            # Handlers that read exc_info themselves (the admins' e-mail) would bring it back.
            record.exc_info = None
        return True
