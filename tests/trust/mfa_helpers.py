"""Walking the sign-in pages as a person does: the password, the e-mail code, the authenticator app."""

from __future__ import annotations

import re
import time

from django.core import mail
from django.test import Client

SECRET_FIELD = re.compile(
    r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"|value="([A-Z2-7]+)"[^>]*id="authenticator_secret"'
)


def totp_code(secret: str) -> str:
    """What an authenticator app shows now for this secret (RFC 6238, with allauth's own HOTP helper)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def secret_on_page(html: str) -> str:
    match = SECRET_FIELD.search(html)
    assert match, "the activation page shows no secret"
    return match.group(1) or match.group(2)


def last_login_code(email: str) -> str:
    """The 6-digit code of the last sign-in e-mail sent to this address."""
    for message in reversed(mail.outbox):
        if email in message.to:
            match = re.search(r"^\s*(\d{6})\s*$", message.body, re.M)
            if match:
                return match.group(1)
    raise AssertionError(f"no sign-in code was e-mailed to {email}")


def post_password(client: Client, email: str, password: str, **extra):
    return client.post("/account/login/", {"login": email, "password": password}, **extra)
