"""Staff and Presidenza must enrol a TOTP authenticator before they may open the staff area.

(The single login page, allauth's, and the client address are core.security's; who needs the second
factor is members.roles.needs_mfa_enrolment, the one answer every page asks.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
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


class StrongIdentityMiddleware:
    """Mark the user of a session opened with SPID level 2 or CIE: that identity is the second factor.

    `members.identity.sign_in` leaves the user's pk in the session; `roles.needs_mfa_enrolment` reads the
    mark. Sessions without it (password sign-ins) cost nothing here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from members.identity import STRONG_IDENTITY_SESSION_KEY

        strong_pk = request.session.get(STRONG_IDENTITY_SESSION_KEY) if hasattr(request, "session") else None
        if strong_pk is not None and request.user.is_authenticated and request.user.pk == strong_pk:
            request.user.tavolo_strong_identity = True
        return self.get_response(request)


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
