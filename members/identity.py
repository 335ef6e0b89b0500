"""Signing in with a digital identity (SPID, CIE): the methods offered, the providers, the session.

`settings.TAVOLO_LOGIN_METHODS` says which methods the login page offers. A provider turns the
person's consent into an `Identity` (members.services.identity); this module keeps the one-time state of
a sign-in in the session, signs the person in and remembers whether the identity was strong enough to
count as the second factor of staff (SPID level 2 or more, CIE): `StrongIdentityMiddleware`
(members.security) reads that mark, and `members.roles.needs_mfa_enrolment` then asks for no TOTP.

The one provider built in is the demo provider ("SPID (demo)", "CIE (demo)"), for `make run` and the
tests: its pages live in the portal itself (members.views.identity) and its test identities are below.
A federation provider (the OpenID Connect Federation relying party) plugs in the same way: an
`authorization_url` and an `identity_from_callback`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from members.services.identity import Identity, Method

if TYPE_CHECKING:
    from django.http import HttpRequest

    from members.models import User

SIGN_IN_SESSION_KEY = "identity_sign_in"  # state, nonce, method, provider, next: one sign-in under way
PENDING_LINK_SESSION_KEY = "identity_pending_link"  # a signed identity waiting for the person's confirmation
STRONG_IDENTITY_SESSION_KEY = "identity_strong_user"  # the pk of the user signed in with a strong identity
PROVIDER_SESSION_KEY = "identity_provider"  # method and provider of this session's sign-in: for the logout
DEMO_SSO_COOKIE = "tavolo_demo_idp"  # the demo provider's own session (single sign-on), as a real one has
CODE_MAX_AGE = 120  # seconds between the provider's consent and the return to the portal


class IdentityRefused(Exception):
    """The sign-in did not go through; `kind` chooses the Italian page (cancelled, level, expired)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def methods() -> list[str]:
    return list(settings.TAVOLO_LOGIN_METHODS)


def password_enabled() -> bool:
    return "password" in methods()


@dataclass(frozen=True)
class DemoPerson:
    key: str
    given_name: str
    family_name: str
    fiscal_code: str
    email: str


# The demo provider's test identities (fiscal codes with a valid check character).
DEMO_PEOPLE = (
    DemoPerson("mario", "Mario", "Rossi", "TINIT-RSSMRA80A01H501U", "mario.rossi@example.it"),
    DemoPerson("giulia", "Giulia", "Bianchi", "TINIT-BNCGLI85M41D612C", "giulia.bianchi@example.it"),
    DemoPerson("laura", "Laura", "Zanotti", "TINIT-ZNTLRA82E48D458C", "segreteria@demo.tavolo.it"),
)


class DemoProvider:
    """The built-in test identity provider: its pages are the portal's, its codes are signed values."""

    key = "demo"
    salt = "members.identity.demo"

    def name(self, method: str) -> str:
        return str(_("SPID (demo)") if method == Method.SPID else _("CIE (demo)"))

    def authorization_url(self, *, method: str, state: str, nonce: str) -> str:
        query = urlencode({"method": method, "state": state, "nonce": nonce})
        return f"{reverse('members:identity_demo')}?{query}"

    def end_session_url(self, *, next_url: str) -> str:
        """The provider's sign-out address (OpenID Connect RP-initiated logout), back to `next_url`."""
        return f"{reverse('members:identity_demo_logout')}?{urlencode({'next': next_url})}"

    def person(self, key: str) -> DemoPerson | None:
        return next((p for p in DEMO_PEOPLE if p.key == key), None)

    def code(self, *, person: DemoPerson, method: str, nonce: str, level: int) -> str:
        """What the demo provider sends back to the portal after the person's consent."""
        return signing.dumps({"p": person.key, "m": method, "n": nonce, "l": level}, salt=self.salt)

    def identity_from_callback(self, code: str, *, method: str, nonce: str) -> Identity:
        try:
            data = signing.loads(code, salt=self.salt, max_age=CODE_MAX_AGE)
        except signing.SignatureExpired:
            raise IdentityRefused("expired") from None
        except signing.BadSignature:
            raise IdentityRefused("invalid") from None
        person = self.person(data.get("p", ""))
        if person is None or data.get("n") != nonce or data.get("m") != method:
            raise IdentityRefused("invalid")
        return Identity(
            method=Method(method),
            provider=self.name(method),
            fiscal_code=person.fiscal_code,
            given_name=person.given_name,
            family_name=person.family_name,
            email=person.email,
            level=3 if method == Method.CIE else int(data.get("l", 2)),
            provider_key=self.key,
        )


def providers(method: str) -> list[DemoProvider]:
    """The identity providers offered for a method ("spid" or "cie") on the login page."""
    if "demo" in methods() and method in (Method.SPID, Method.CIE):
        return [DemoProvider()]
    return []


def provider(method: str, key: str) -> DemoProvider | None:
    return next((p for p in providers(method) if p.key == key), None)


def login_buttons() -> dict[str, object]:
    """The SPID and CIE buttons of the login page: the providers of each method (empty: no button)."""
    return {
        "spid_providers": [(p.key, p.name(Method.SPID)) for p in providers(Method.SPID)],
        "cie_provider": next(iter(providers(Method.CIE)), None),
        "password_enabled": password_enabled(),
    }


def sign_in_start(request: HttpRequest, *, method: str, provider_key: str, next_url: str) -> str:
    """Remember a new sign-in in the session; the provider's address to send the person to."""
    chosen = provider(method, provider_key)
    if chosen is None:
        raise IdentityRefused("invalid")
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request.session[SIGN_IN_SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "method": method,
        "provider": provider_key,
        "next": next_url,
    }
    return chosen.authorization_url(method=method, state=state, nonce=nonce)


def sign_in_finish(request: HttpRequest, params: dict[str, str]) -> tuple[Identity, str]:
    """The identity the provider returned (once: the state is used up), and where to go next."""
    started = request.session.pop(SIGN_IN_SESSION_KEY, None)
    if not started or not params.get("state") or params.get("state") != started.get("state"):
        raise IdentityRefused("expired")
    if params.get("error"):
        raise IdentityRefused("cancelled" if params["error"] == "access_denied" else "invalid")
    chosen = provider(started["method"], started["provider"])
    if chosen is None:
        raise IdentityRefused("invalid")
    identity = chosen.identity_from_callback(
        params.get("code", ""), method=started["method"], nonce=started["nonce"]
    )
    if identity.method == Method.SPID and identity.level < 2:
        raise IdentityRefused("level")
    return identity, started.get("next", "")


def pending_link_keep(request: HttpRequest, identity: Identity, next_url: str) -> None:
    request.session[PENDING_LINK_SESSION_KEY] = signing.dumps(
        {"identity": identity.__dict__ | {"method": str(identity.method)}, "next": next_url},
        salt="members.identity.pending",
    )


def pending_link(request: HttpRequest) -> tuple[Identity, str] | None:
    """The identity waiting for the person to confirm the link with an existing account (10 minutes)."""
    value = request.session.get(PENDING_LINK_SESSION_KEY)
    if not value:
        return None
    try:
        data = signing.loads(value, salt="members.identity.pending", max_age=600)
    except signing.BadSignature:
        return None
    fields = data["identity"]
    return Identity(**{**fields, "method": Method(fields["method"])}), data.get("next", "")


def pending_link_forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_LINK_SESSION_KEY, None)


def sign_in(request: HttpRequest, user: User, identity: Identity) -> None:
    """Sign the person in; a strong identity counts as staff's second factor for this session."""
    from allauth.account.internal.flows.login import record_authentication

    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[PROVIDER_SESSION_KEY] = {
        "method": str(identity.method),
        "provider": identity.provider_key,
    }
    record_authentication(request, user, method="identity", provider=identity.provider, level=identity.level)
    if identity.is_strong:
        request.session[STRONG_IDENTITY_SESSION_KEY] = user.pk
    else:
        request.session.pop(STRONG_IDENTITY_SESSION_KEY, None)


def logout_url(request: HttpRequest, default: str) -> str:
    """Where the portal's sign-out goes: the provider's sign-out first when the session came from one."""
    started = request.session.get(PROVIDER_SESSION_KEY) if hasattr(request, "session") else None
    chosen = provider(started["method"], started["provider"]) if started else None
    return chosen.end_session_url(next_url=default) if chosen is not None else default
