"""One login page for everyone: the admin's login is replaced by allauth's (rate limited, MFA aware)."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest


def protect_admin_login() -> None:
    """Send the admin's login to allauth's login page (called once from CoreConfig.ready)."""
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, for rate limits (REMOTE_ADDR until the proxy-aware version lands)."""
    return request.META.get("REMOTE_ADDR", "")
