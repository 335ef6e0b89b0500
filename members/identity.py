"""Signing in with a digital identity (SPID, CIE): the methods offered, the providers, the session.

`settings.TAVOLO_LOGIN_METHODS` says which methods the login page offers. A provider turns the
person's consent into an `Identity` (members.services.identity); this module keeps the one-time state of
a sign-in in the session, signs the person in and remembers whether the identity was strong enough to
count as the second factor of staff (SPID level 2 or more, CIE): `StrongIdentityMiddleware`
(members.security) reads that mark, and `members.roles.needs_mfa_enrolment` then asks for no TOTP.

The providers are those of the OpenID Connect Federation (members.federation.rp): the real SPID and
CIE providers of `TAVOLO_OIDC_FED_*`, or with `demo` those of the demo federation
(members.federation.testbed: "SPID (demo)", "CIE (demo)"), for `make run` and the tests.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import login
from django.core import signing

from members.federation import config
from members.federation.jose import FederationError
from members.federation.rp import FederationProvider, ProviderAnswer
from members.services.identity import Identity, Method

if TYPE_CHECKING:
    from django.http import HttpRequest

    from members.models import User

SIGN_IN_SESSION_KEY = "identity_sign_in"  # state, nonce, PKCE verifier, method, provider, next: one sign-in
PENDING_LINK_SESSION_KEY = "identity_pending_link"  # a signed identity waiting for the person's confirmation
STRONG_IDENTITY_SESSION_KEY = "identity_strong_user"  # the pk of the user signed in with a strong identity
PROVIDER_SESSION_KEY = "identity_provider"  # method and provider of this session's sign-in: for the logout
LINK_FAILURES_SESSION_KEY = "identity_link_failures"  # wrong passwords on the link page, this session

logger = logging.getLogger(__name__)


class IdentityRefused(Exception):
    """The sign-in did not go through; `kind` chooses the Italian page (cancelled, level, expired)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def methods() -> list[str]:
    return list(settings.TAVOLO_LOGIN_METHODS)


def password_enabled() -> bool:
    return "password" in methods()


def providers(method: str) -> list[FederationProvider]:
    """The identity providers offered for a method ("spid" or "cie") on the login page."""
    rp = config.current()
    if rp is None or method not in (Method.SPID, Method.CIE):
        return []
    return [FederationProvider(rp, entry) for entry in rp.providers_for(method)]


def provider(method: str, key: str) -> FederationProvider | None:
    return next((p for p in providers(method) if p.key == key), None)


def login_buttons() -> dict[str, object]:
    """The SPID and CIE buttons of the login page: the providers of each method (empty: no button)."""
    return {
        "spid_providers": [(p.key, p.name(Method.SPID)) for p in providers(Method.SPID)],
        "cie_provider": next(iter(providers(Method.CIE)), None),
        "password_enabled": password_enabled(),
        "demo": "demo" in methods(),
    }


def sign_in_start(request: HttpRequest, *, method: str, provider_key: str, next_url: str) -> str:
    """Remember a new sign-in in the session; the provider's address to send the person to."""
    chosen = provider(method, provider_key)
    if chosen is None:
        raise IdentityRefused("invalid")
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    try:
        url = chosen.authorization_url(method=method, state=state, nonce=nonce, code_verifier=verifier)
    except FederationError:
        logger.warning("identity provider %s not reachable or not trusted", provider_key, exc_info=True)
        raise IdentityRefused("unavailable") from None
    request.session[SIGN_IN_SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "code_verifier": verifier,
        "method": method,
        "provider": provider_key,
        "next": next_url,
    }
    return url


def sign_in_finish(request: HttpRequest, params: dict[str, str]) -> tuple[Identity, str, str]:
    """The identity the provider returned (once: the state is used up), where to go next, the token."""
    started = request.session.pop(SIGN_IN_SESSION_KEY, None)
    if not started or not params.get("state") or params.get("state") != started.get("state"):
        raise IdentityRefused("expired")
    if params.get("error"):
        raise IdentityRefused("cancelled" if params["error"] == "access_denied" else "invalid")
    chosen = provider(started["method"], started["provider"])
    if chosen is None:
        raise IdentityRefused("invalid")
    if params.get("iss") and params["iss"] != chosen.key:
        raise IdentityRefused("invalid")  # an answer of another provider (mix-up)
    try:
        identity, access_token = chosen.identity_from_callback(
            params.get("code", ""),
            method=started["method"],
            nonce=started["nonce"],
            code_verifier=started.get("code_verifier", ""),
        )
    except ProviderAnswer as refused:
        raise IdentityRefused(refused.kind) from None
    except FederationError:
        logger.warning("answer of identity provider %s refused", chosen.key, exc_info=True)
        raise IdentityRefused("invalid") from None
    if identity.method == Method.SPID and identity.level < 2:
        raise IdentityRefused("level")
    return identity, started.get("next", ""), access_token


def pending_link_keep(request: HttpRequest, identity: Identity, next_url: str, access_token: str) -> None:
    request.session[PENDING_LINK_SESSION_KEY] = signing.dumps(
        {
            "identity": identity.__dict__ | {"method": str(identity.method)},
            "next": next_url,
            "token": access_token,
        },
        salt="members.identity.pending",
    )


def pending_link(request: HttpRequest) -> tuple[Identity, str, str] | None:
    """The identity waiting for the person to confirm the link with an existing account (10 minutes)."""
    value = request.session.get(PENDING_LINK_SESSION_KEY)
    if not value:
        return None
    try:
        data = signing.loads(value, salt="members.identity.pending", max_age=600)
    except signing.BadSignature:
        return None
    fields = data["identity"]
    identity = Identity(**{**fields, "method": Method(fields["method"])})
    return identity, data.get("next", ""), data.get("token", "")


def pending_link_forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_LINK_SESSION_KEY, None)


def mask_email(address: str) -> str:
    """An account's e-mail address shown to someone not yet signed in: "g***@example.org"."""
    local, _at, domain = (address or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def sign_in(request: HttpRequest, user: User, identity: Identity, *, access_token: str = "") -> None:
    """Sign the person in; a strong identity counts as staff's second factor for this session."""
    from allauth.account.internal.flows.login import record_authentication

    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[PROVIDER_SESSION_KEY] = {
        "method": str(identity.method),
        "provider": identity.provider_key,
        "access_token": access_token,
    }
    record_authentication(request, user, method="identity", provider=identity.provider, level=identity.level)
    if identity.is_strong:
        request.session[STRONG_IDENTITY_SESSION_KEY] = user.pk
    else:
        request.session.pop(STRONG_IDENTITY_SESSION_KEY, None)


def revoke_on_logout(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """On sign-out (user_logged_out): the session's access token is revoked at its provider (the profile's
    logout). A provider that cannot be reached does not stop the sign-out."""
    started = (
        request.session.get(PROVIDER_SESSION_KEY)
        if request is not None and hasattr(request, "session")
        else None
    )
    if not started or not started.get("access_token"):
        return
    chosen = provider(started["method"], started["provider"])
    if chosen is None:
        return
    try:
        chosen.revoke(started["access_token"])
    except FederationError:
        logger.warning("revocation at identity provider %s failed", chosen.key, exc_info=True)
