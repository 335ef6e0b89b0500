"""Cross-cutting protections: one login page for everyone, TOTP before the staff area, the client address.

The admin login is replaced by allauth's (rate limited, MFA aware) with allauth's own
`secure_admin_login` decorator, so the portal has exactly one login page.
Staff and Presidenza must enrol a TOTP authenticator before they may open the staff area.
`client_ip` is the one answer to "which address is this request from?": every limit per address
(allauth's, the portal's own) and the audit log ask it.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from allauth.account.decorators import secure_admin_login
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from members import roles

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

# Paths a staff member without TOTP may still reach: enrolling, leaving, managing the account.
_MFA_PROTECTED_PREFIXES = ("/area-riservata/", "/admin/")
_MFA_ALLOWED_PREFIXES = ("/account/",)


def _address(value: str) -> str | None:
    """The address in a header entry or REMOTE_ADDR, without port or brackets; None if it is not one."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    Without a proxy, REMOTE_ADDR. With BEHIND_PROXY, the entry of X-Forwarded-For that is
    TRUSTED_PROXY_COUNT hops from the right: each trusted proxy appends the address it received the
    request from, so everything to the left of that entry was written by the client and is ignored.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a key, not a bind
    if not settings.BEHIND_PROXY:
        return remote
    entries = [entry for entry in request.headers.get("X-Forwarded-For", "").split(",") if entry.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    if len(entries) < count:
        # Not every trusted proxy wrote its hop: count the request against the nearest proxy's address.
        return remote
    return _address(entries[-count]) or remote


class ClientAddressAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog records `client_ip`'s address, not the header's first (forgeable) entry."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)


def protect_admin_login() -> None:
    """Send the admin's login to allauth's login page (called once from TavoloConfig.ready)."""
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


class StaffMFAMiddleware:
    """Redirect staff without TOTP from the staff area and the admin to the TOTP activation page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith(_MFA_PROTECTED_PREFIXES)
            and not path.startswith(_MFA_ALLOWED_PREFIXES)
            and roles.needs_mfa_enrolment(request.user)
        ):
            messages.warning(
                request,
                _(
                    "To use the staff area you must first set up two-factor authentication "
                    "with an authenticator app."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
