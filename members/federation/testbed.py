"""The demo federation: a trust anchor and two identity providers ("SPID (demo)", "CIE (demo)").

For `make run` and the tests, never for a real site: its pages answer 404 unless `TAVOLO_LOGIN_METHODS`
offers `demo`, which the settings refuse without DEBUG. It implements the provider's side of the same
OpenID Connect Federation profile the relying party speaks (entity configurations, the trust anchor's
fetch and list endpoints, a request object checked against the relying party's trust chain, PKCE,
`private_key_jwt`, a signed ID token, user info signed and encrypted, revocation), with the test
identities below. Its entities live under `SITE_URL/accesso/demo/`, answered in-process
(members.federation.http), and their keys are generated once per process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404
from django.urls import reverse
from joserfc.jwk import RSAKey

from members.federation import http, jose, trust
from members.federation.config import (
    ACR_LEVELS,
    FISCAL_NUMBER_CLAIM,
    USERINFO_CLAIMS,
    ProviderEntry,
    RelyingParty,
)
from members.federation.entity import ENTITY_STATEMENT_TYPE, entity_configuration
from members.federation.jose import FederationError
from members.federation.rp import ASSERTION_TYPE, code_challenge

METHODS = ("spid", "cie")
NAMES = {"spid": "SPID (demo)", "cie": "CIE (demo)"}
STATEMENT_LIFETIME = 24 * 3600
CODE_MAX_AGE = 120  # seconds between the consent and the token request
TOKEN_LIFETIME = 600
TRUST_MARK_ID = "https://www.spid.gov.it/certification/rp/public"
_SALT = "members.federation.testbed"


@dataclass(frozen=True)
class TestPerson:
    key: str
    given_name: str
    family_name: str
    fiscal_code: str  # as providers send it: "TINIT-" and the code
    email: str


# The test identities (fiscal codes with a valid check character).
PEOPLE = (
    TestPerson("mario", "Mario", "Rossi", "TINIT-RSSMRA80A01H501U", "mario.rossi@example.it"),
    TestPerson("giulia", "Giulia", "Bianchi", "TINIT-BNCGLI85M41D612C", "giulia.bianchi@example.it"),
    TestPerson("laura", "Laura", "Zanotti", "TINIT-ZNTLRA82E48D458C", "segreteria@demo.tavolo.it"),
)


def person(key: str) -> TestPerson | None:
    return next((p for p in PEOPLE if p.key == key), None)


def enabled() -> bool:
    return "demo" in settings.TAVOLO_LOGIN_METHODS


# --- Entities and keys --------------------------------------------------------------------------------


def base() -> str:
    return f"{settings.SITE_URL}/accesso/demo"


def anchor_id() -> str:
    return f"{base()}/ta"


def provider_id(method: str) -> str:
    return f"{base()}/{method}"


@functools.cache
def _keys() -> dict[str, RSAKey]:
    """The demo's keys, generated once per process (a restart makes new ones: nothing is kept)."""
    return {
        "ta": jose.generate_key("sig"),
        "spid": jose.generate_key("sig"),
        "cie": jose.generate_key("sig"),
        "rp-federation": jose.generate_key("sig"),
        "rp-signing": jose.generate_key("sig"),
        "rp-encryption": jose.generate_key("enc"),
    }


def anchor_jwks() -> dict[str, Any]:
    return jose.public_jwks(_keys()["ta"])


@functools.lru_cache(maxsize=8)
def _trust_mark(site_url: str) -> str:
    now = int(time.time())
    return jose.sign(
        {"iss": anchor_id(), "sub": site_url, "id": TRUST_MARK_ID, "iat": now, "exp": now + 365 * 24 * 3600},
        _keys()["ta"],
        typ="trust-mark+jwt",
    )


def relying_party() -> RelyingParty:
    """The portal as the demo federation knows it: its keys and trust anchor are the demo's."""
    keys = _keys()
    return RelyingParty(
        entity_id=settings.SITE_URL,
        federation_key=keys["rp-federation"],
        signing_key=keys["rp-signing"],
        encryption_key=keys["rp-encryption"],
        trust_anchors={anchor_id(): anchor_jwks()},
        authority_hints=[anchor_id()],
        trust_marks=[{"id": TRUST_MARK_ID, "trust_mark": _trust_mark(settings.SITE_URL)}],
        providers=[ProviderEntry(m, provider_id(m), NAMES[m]) for m in METHODS],
        organization_name=settings.TAVOLO_MUNICIPALITY,
        contacts=[settings.DEFAULT_FROM_EMAIL],
    )


def _url(name: str, *args: str) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _endpoint(name: str, method: str) -> str:
    return _url(name, method)


def provider_metadata(method: str) -> dict[str, Any]:
    return {
        "issuer": provider_id(method),
        "authorization_endpoint": _endpoint("members:identity_demo", method),
        "token_endpoint": _endpoint("members:identity_demo_token", method),
        "userinfo_endpoint": _endpoint("members:identity_demo_userinfo", method),
        "revocation_endpoint": _endpoint("members:identity_demo_revocation", method),
        "jwks": jose.public_jwks(_keys()[method]),
        "client_registration_types_supported": ["automatic"],
        "response_types_supported": ["code"],
        "scopes_supported": ["openid", "offline_access"],
        "acr_values_supported": list(ACR_LEVELS),
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "request_object_signing_alg_values_supported": ["RS256"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "userinfo_signing_alg_values_supported": ["RS256"],
        "userinfo_encryption_alg_values_supported": ["RSA-OAEP-256", "RSA-OAEP"],
        "userinfo_encryption_enc_values_supported": ["A256CBC-HS512", "A128CBC-HS256"],
        "claims_supported": list(USERINFO_CLAIMS),
    }


def configuration(entity: str, *, now: float | None = None) -> str | None:
    """The entity configuration of the trust anchor (`ta`) or a provider (`spid`, `cie`)."""
    iat = int(time.time() if now is None else now)
    if entity == "ta":
        payload = {
            "iss": anchor_id(),
            "sub": anchor_id(),
            "jwks": anchor_jwks(),
            "metadata": {
                "federation_entity": {
                    "organization_name": "Trust anchor (demo)",
                    "federation_fetch_endpoint": _url("members:identity_demo_fetch"),
                    "federation_list_endpoint": _url("members:identity_demo_list"),
                },
            },
        }
    elif entity in METHODS:
        payload = {
            "iss": provider_id(entity),
            "sub": provider_id(entity),
            "jwks": jose.public_jwks(_keys()[entity]),
            "authority_hints": [anchor_id()],
            "metadata": {
                "openid_provider": provider_metadata(entity),
                "federation_entity": {"organization_name": NAMES[entity]},
            },
        }
    else:
        return None
    signer = _keys()["ta" if entity == "ta" else entity]
    return jose.sign(
        {**payload, "iat": iat, "exp": iat + STATEMENT_LIFETIME}, signer, typ=ENTITY_STATEMENT_TYPE
    )


def subordinates() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """The trust anchor's subordinates: entity id -> (federation keys, metadata policy)."""
    rp = relying_party()
    return {
        **{
            provider_id(m): (
                jose.public_jwks(_keys()[m]),
                {
                    "openid_provider": {
                        "token_endpoint_auth_methods_supported": {"subset_of": ["private_key_jwt"]}
                    }
                },
            )
            for m in METHODS
        },
        rp.entity_id: (
            jose.public_jwks(rp.federation_key),
            {"openid_relying_party": {"grant_types": {"subset_of": ["authorization_code", "refresh_token"]}}},
        ),
    }


def subordinate_statement(subject: str, *, now: float | None = None) -> str | None:
    """What the trust anchor's fetch endpoint answers about `subject` (None: not in the federation)."""
    known = subordinates().get(subject)
    if known is None:
        return None
    jwks, policy = known
    iat = int(time.time() if now is None else now)
    payload = {
        "iss": anchor_id(),
        "sub": subject,
        "iat": iat,
        "exp": iat + STATEMENT_LIFETIME,
        "jwks": jwks,
        "metadata_policy": policy,
    }
    return jose.sign(payload, _keys()["ta"], typ=ENTITY_STATEMENT_TYPE)


def relying_party_configuration() -> str:
    return entity_configuration(relying_party())


# --- The provider's protocol --------------------------------------------------------------------------


def _client_metadata(client_id: str) -> dict[str, Any]:
    """The relying party's metadata, from its trust chain up to the demo trust anchor."""
    return trust.resolve(relying_party(), client_id, entity_type="openid_relying_party").metadata


def authorization_request(method: str, params: dict[str, str]) -> dict[str, Any]:
    """The verified request object of an authorization request (FederationError: not acceptable)."""
    client_id = params.get("client_id", "")
    client = _client_metadata(client_id)
    request = jose.verify(params.get("request", ""), client.get("jwks"))
    expected = {
        "client_id": client_id,
        "iss": client_id,
        "response_type": "code",
        "code_challenge_method": "S256",
    }
    for name, value in expected.items():
        if request.get(name) != value:
            raise FederationError(f"request object: {name}")
    audience = request.get("aud")
    if provider_id(method) not in (audience if isinstance(audience, list) else [audience]):
        raise FederationError("request object: audience")
    if request.get("redirect_uri") not in client.get("redirect_uris", []):
        raise FederationError("request object: redirect_uri")
    if not all(request.get(name) for name in ("state", "nonce", "code_challenge")):
        raise FederationError("request object: state, nonce and PKCE are required")
    if params.get("code_challenge") and params["code_challenge"] != request["code_challenge"]:
        raise FederationError("request object: code_challenge")
    return {
        "method": method,
        "client_id": client_id,
        "redirect_uri": request["redirect_uri"],
        "state": request["state"],
        "nonce": request["nonce"],
        "code_challenge": request["code_challenge"],
    }


def sign_request(data: dict[str, Any]) -> str:
    """The verified request, carried between the provider's pages."""
    return signing.dumps(data, salt=f"{_SALT}.pages")


def load_request(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=f"{_SALT}.pages", max_age=600)
    except signing.BadSignature:
        return None


def redirect_back(request: dict[str, Any], **params: str) -> str:
    """The relying party's redirect URI with the answer (the code, or the error)."""
    query = urlencode({**params, "state": request["state"], "iss": provider_id(request["method"])})
    return f"{request['redirect_uri']}?{query}"


def authorization_code(request: dict[str, Any], who: TestPerson, level: int) -> str:
    return signing.dumps(
        {**request, "person": who.key, "level": level, "jti": secrets.token_urlsafe(12)}, salt=f"{_SALT}.code"
    )


class TokenError(Exception):
    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


def _client_authenticated(data: dict[str, str], endpoint: str) -> str:
    """The client_id whose `private_key_jwt` assertion is valid for `endpoint`."""
    client_id = data.get("client_id", "")
    if data.get("client_assertion_type") != ASSERTION_TYPE:
        raise TokenError("invalid_client", 401)
    try:
        client = _client_metadata(client_id)
        claims = jose.verify(data.get("client_assertion", ""), client.get("jwks"))
    except FederationError as exc:
        raise TokenError("invalid_client", 401) from exc
    audience = claims.get("aud")
    if claims.get("iss") != client_id or claims.get("sub") != client_id:
        raise TokenError("invalid_client", 401)
    if endpoint not in (audience if isinstance(audience, list) else [audience]):
        raise TokenError("invalid_client", 401)
    return client_id


def _subject(method: str, who: TestPerson, client_id: str) -> str:
    """A pairwise subject: the same person has another `sub` at another relying party."""
    return hashlib.sha256(f"{method}|{who.key}|{client_id}".encode()).hexdigest()[:40]


def token(method: str, data: dict[str, str]) -> dict[str, Any]:
    """The token endpoint: the code (once), PKCE and the client's assertion -> ID token and access token."""
    client_id = _client_authenticated(data, _endpoint("members:identity_demo_token", method))
    if data.get("grant_type") != "authorization_code":
        raise TokenError("unsupported_grant_type")
    try:
        code = signing.loads(data.get("code", ""), salt=f"{_SALT}.code", max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        raise TokenError("invalid_grant") from None
    who = person(code.get("person", ""))
    if (
        who is None
        or code.get("method") != method
        or code.get("client_id") != client_id
        or code.get("redirect_uri") != data.get("redirect_uri")
        or code_challenge(data.get("code_verifier", "")) != code.get("code_challenge")
        or not cache.add(f"oidcfed:testbed:code:{code['jti']}", True, CODE_MAX_AGE * 2)
    ):
        raise TokenError("invalid_grant")
    now = int(time.time())
    acr = next(uri for uri, level in ACR_LEVELS.items() if level == (3 if method == "cie" else code["level"]))
    id_token = jose.sign(
        {
            "iss": provider_id(method),
            "sub": _subject(method, who, client_id),
            "aud": [client_id],
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "nonce": code["nonce"],
            "acr": acr,
            "jti": secrets.token_urlsafe(12),
            FISCAL_NUMBER_CLAIM: who.fiscal_code,
        },
        _keys()[method],
    )
    access_token = signing.dumps(
        {"method": method, "person": who.key, "client_id": client_id, "jti": secrets.token_urlsafe(12)},
        salt=f"{_SALT}.access",
    )
    return {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME,
        "id_token": id_token,
    }


def _access(method: str, value: str) -> dict[str, Any] | None:
    try:
        data = signing.loads(value, salt=f"{_SALT}.access", max_age=TOKEN_LIFETIME)
    except signing.BadSignature:
        return None
    if data.get("method") != method or cache.get(f"oidcfed:testbed:revoked:{data.get('jti')}"):
        return None
    return data


def userinfo(method: str, authorization: str) -> str | None:
    """The user info: signed by the provider, encrypted for the relying party (None: token not valid)."""
    access = _access(method, authorization.removeprefix("Bearer ").strip())
    who = person(access.get("person", "")) if access else None
    if access is None or who is None:
        return None
    now = int(time.time())
    claims = {
        "iss": provider_id(method),
        "sub": _subject(method, who, access["client_id"]),
        "aud": access["client_id"],
        "iat": now,
        "exp": now + TOKEN_LIFETIME,
        "given_name": who.given_name,
        "family_name": who.family_name,
        "email": who.email,
        FISCAL_NUMBER_CLAIM: who.fiscal_code,
    }
    client = _client_metadata(access["client_id"])
    return jose.encrypt(jose.sign(claims, _keys()[method]), client.get("jwks", {}))


def revoke(method: str, data: dict[str, str]) -> None:
    """The revocation endpoint: the access token no longer opens the user info."""
    client_id = _client_authenticated(data, _endpoint("members:identity_demo_revocation", method))
    access = _access(method, data.get("token", ""))
    if access is not None and access.get("client_id") == client_id:
        cache.set(f"oidcfed:testbed:revoked:{access['jti']}", True, TOKEN_LIFETIME * 2)


def is_revoked(method: str, access_token: str) -> bool:
    return _access(method, access_token) is None


# --- In-process transport -----------------------------------------------------------------------------


def serve(
    method: str, url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> http.Answer:
    """Answer a request for one of the portal's own addresses without a network round trip."""
    from django.test import RequestFactory
    from django.urls import Resolver404, resolve

    bits = urlsplit(url)
    factory = RequestFactory(SERVER_NAME=bits.hostname or "localhost", SERVER_PORT=str(bits.port or 80))
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in (headers or {}).items()}
    path = f"{bits.path}?{bits.query}" if bits.query else bits.path
    request = factory.post(path, data or {}, **extra) if method == "POST" else factory.get(path, **extra)
    try:
        match = resolve(bits.path)
        response = match.func(request, *match.args, **match.kwargs)
    except (Resolver404, Http404):
        return http.Answer(404, "text/plain", b"")
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return http.Answer(response.status_code, content_type, response.content)


def json_error(error: str) -> bytes:
    return json.dumps({"error": error}).encode()
