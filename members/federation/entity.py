"""The relying party's entity configuration: the signed statement the federation reads about the portal."""

from __future__ import annotations

import time
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.urls import reverse

from members.federation import jose
from members.federation.config import RelyingParty

ENTITY_STATEMENT_TYPE = "entity-statement+jwt"
ENTITY_STATEMENT_CONTENT_TYPE = "application/entity-statement+jwt"
RESOLVE_RESPONSE_TYPE = "resolve-response+jwt"
RESOLVE_CONTENT_TYPE = "application/resolve-response+jwt"
LIFETIME = 24 * 3600  # seconds an entity configuration is valid: the federation fetches it again


def well_known(entity_id: str) -> str:
    return f"{entity_id.rstrip('/')}/.well-known/openid-federation"


def relying_party_metadata(rp: RelyingParty) -> dict[str, Any]:
    contacts = [parseaddr(c)[1] for c in rp.contacts if parseaddr(c)[1]]
    return {
        "openid_relying_party": {
            "client_id": rp.client_id,
            "client_registration_types": ["automatic"],
            "application_type": "web",
            "client_name": f"Tavolo delle Risorse - {rp.organization_name}",
            "contacts": contacts,
            "redirect_uris": [rp.redirect_uri],
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "jwks": jose.public_jwks(rp.signing_key, rp.encryption_key),
            "token_endpoint_auth_method": "private_key_jwt",
            "id_token_signed_response_alg": "RS256",
            "userinfo_signed_response_alg": "RS256",
            "userinfo_encrypted_response_alg": "RSA-OAEP-256",
            "userinfo_encrypted_response_enc": "A256CBC-HS512",
        },
        "federation_entity": {
            "federation_resolve_endpoint": f"{settings.SITE_URL}{reverse('members:identity_resolve')}",
            "organization_name": rp.organization_name,
            "homepage_uri": settings.SITE_URL,
            "policy_uri": f"{settings.SITE_URL}{reverse('privacy')}",
            "contacts": contacts,
        },
    }


def entity_configuration(rp: RelyingParty, *, now: float | None = None) -> str:
    """The signed entity configuration (JWT), as `/.well-known/openid-federation` serves it."""
    iat = int(time.time() if now is None else now)
    payload = {
        "iss": rp.entity_id,
        "sub": rp.entity_id,
        "iat": iat,
        "exp": iat + LIFETIME,
        "jwks": jose.public_jwks(rp.federation_key),
        "authority_hints": rp.authority_hints,
        "metadata": relying_party_metadata(rp),
    }
    if rp.trust_marks:
        payload["trust_marks"] = rp.trust_marks
    return jose.sign(payload, rp.federation_key, typ=ENTITY_STATEMENT_TYPE)


def resolve_response(rp: RelyingParty, resolved: Any, entity_type: str, *, now: float | None = None) -> str:
    """The resolve endpoint's answer: an entity's final metadata and trust chain, signed by the portal."""
    iat = int(time.time() if now is None else now)
    payload = {
        "iss": rp.entity_id,
        "sub": resolved.entity_id,
        "iat": iat,
        "exp": resolved.exp,
        "metadata": {entity_type: resolved.metadata},
        "trust_chain": list(resolved.trust_chain),
    }
    return jose.sign(payload, rp.federation_key, typ=RESOLVE_RESPONSE_TYPE)
