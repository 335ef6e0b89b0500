"""One login page for everyone: the admin's login is replaced by allauth's (rate limited, MFA aware)."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin


def protect_admin_login() -> None:
    """Send the admin's login to allauth's login page (called once from CoreConfig.ready)."""
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
