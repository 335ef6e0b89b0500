"""One login page for everyone, and one answer to "which address is this request from?".

The admin's login is replaced by allauth's (rate limited, MFA aware). `client_ip` is asked by every
limit per address (allauth's, through the account adapter, and the portal's own) and by the audit log.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from allauth.account.decorators import secure_admin_login
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib import admin

if TYPE_CHECKING:
    from django.http import HttpRequest


def protect_admin_login() -> None:
    """Send the admin's login to allauth's login page (called once from CoreConfig.ready)."""
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


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
