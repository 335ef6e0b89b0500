"""allauth adapter: e-mails speak for the municipality."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


def on_site_url(url: str) -> str:
    """`url` (absolute or a path) on SITE_URL: e-mails never carry the host the request came through."""
    bits = urlsplit(url)
    path = (
        bits.path + (f"?{bits.query}" if bits.query else "") + (f"#{bits.fragment}" if bits.fragment else "")
    )
    return settings.SITE_URL + path


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """The library's e-mails with the office's signature and links built from SITE_URL."""
        context = {
            **context,
            "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
            "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
            "SITE_URL": settings.SITE_URL,
        }
        for key, value in list(context.items()):
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = on_site_url(value)
        super().send_mail(template_prefix, email, context)
