"""Staff and Presidenza must enrol a TOTP authenticator before they may open the staff area.

(The single login page, allauth's, is core.security's.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.memo import memoised
from members import roles

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

# Paths a staff member without TOTP may still reach: enrolling, leaving, managing the account.
_MFA_PROTECTED_PREFIXES = ("/area-riservata/", "/admin/")
_MFA_ALLOWED_PREFIXES = ("/account/",)


def has_totp(user) -> bool:
    """Whether the user has enrolled a TOTP authenticator (read once per request)."""
    return memoised(
        ("has_totp", user.pk),
        lambda: Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    )


def needs_mfa_enrolment(user) -> bool:
    """Staff and Presidenza without TOTP, when the requirement is on."""
    if not getattr(settings, "TAVOLO_REQUIRE_STAFF_MFA", True):
        return False
    if not user.is_authenticated:
        return False
    if not (roles.is_table_staff(user) or user.is_staff):
        return False
    return not has_totp(user)


class StaffMFAMiddleware:
    """Redirect staff without TOTP from the staff area and the admin to the TOTP activation page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith(_MFA_PROTECTED_PREFIXES)
            and not path.startswith(_MFA_ALLOWED_PREFIXES)
            and needs_mfa_enrolment(request.user)
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


# The reserved area shows the acceptance page until the representative accepts the rules published
# since their last acceptance. The check runs once, at sign-in (`remember_regulation_to_accept`), and
# leaves a mark in the session: other requests cost no query.
REGULATION_SESSION_KEY = "regulation_to_accept"
_REGULATION_ALLOWED_PREFIXES = ("/area-riservata/accetta-regolamento/", "/area-riservata/privacy/")


def remember_regulation_to_accept(sender, request, user, **kwargs) -> None:
    """On sign-in: note in the session whether this person must first accept a new version of the rules."""
    from members.selectors import regulation_to_accept

    if request is None or not hasattr(request, "session"):
        return
    version = regulation_to_accept(user)
    if version is not None:
        request.session[REGULATION_SESSION_KEY] = version.pk


class RegulationAcceptanceMiddleware:
    """Send a representative who has a new version of the rules to accept to the acceptance page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith("/area-riservata/")
            and not path.startswith(_REGULATION_ALLOWED_PREFIXES)
            and hasattr(request, "session")
            and request.session.get(REGULATION_SESSION_KEY)
        ):
            return redirect(reverse("members:regulation_accept"))
        return self.get_response(request)
