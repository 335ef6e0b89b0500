"""The relying party's side of a sign-in: the provider plugged into `members.identity`.

1. `authorization_url`: the provider's metadata from its trust chain; a request object (JAR) signed with
   the portal's protocol key, carrying state, nonce, PKCE (S256), `acr_values` SPID level 2 and the claims.
2. `identity_from_callback`: the code redeemed at the token endpoint with `private_key_jwt` and the PKCE
   verifier; the ID token verified (issuer, audience, nonce, expiry, level); the user info, signed by the
   provider and encrypted for the portal, decrypted and verified; the claims become an `Identity`.
3. `revoke`: at sign-out the access token is revoked (the profile's logout).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from members.federation import http, jose, trust
from members.federation.config import (
    ACR_LEVELS,
    FISCAL_NUMBER_CLAIM,
    SPID_L2,
    USERINFO_CLAIMS,
    ProviderEntry,
    RelyingParty,
)
from members.federation.jose import FederationError
from members.services.identity import Identity, Method

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
REQUEST_LIFETIME = 180  # seconds a request object or client assertion is valid


class ProviderAnswer(Exception):
    """The provider refused (its error code), or its answer cannot be trusted ("invalid", "level")."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def client_assertion(rp: RelyingParty, audience: str) -> str:
    now = int(time.time())
    return jose.sign(
        {
            "iss": rp.client_id,
            "sub": rp.client_id,
            "aud": audience,
            "iat": now,
            "exp": now + REQUEST_LIFETIME,
            "jti": secrets.token_urlsafe(16),
        },
        rp.signing_key,
    )


class FederationProvider:
    """An identity provider of the federation (SPID or CIE), known by its entity id."""

    def __init__(self, rp: RelyingParty, entry: ProviderEntry) -> None:
        self.rp = rp
        self.entry = entry
        self.key = entry.entity_id

    def name(self, method: str = "") -> str:
        return self.entry.name

    def metadata(self) -> dict[str, Any]:
        return trust.resolve(self.rp, self.entry.entity_id).metadata

    def authorization_url(self, *, method: str, state: str, nonce: str, code_verifier: str) -> str:
        op = self.metadata()
        endpoint = op.get("authorization_endpoint")
        if not isinstance(endpoint, str):
            raise FederationError("no authorization endpoint")
        now = int(time.time())
        challenge = code_challenge(code_verifier)
        request_object = {
            "iss": self.rp.client_id,
            "sub": self.rp.client_id,
            "aud": [op.get("issuer", self.entry.entity_id), endpoint],
            "iat": now,
            "exp": now + REQUEST_LIFETIME,
            "jti": secrets.token_urlsafe(16),
            "client_id": self.rp.client_id,
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": self.rp.redirect_uri,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "acr_values": SPID_L2,
            "prompt": "consent login",
            "claims": {
                "id_token": {FISCAL_NUMBER_CLAIM: {"essential": True}},
                "userinfo": dict.fromkeys(USERINFO_CLAIMS),
            },
        }
        query = {
            "client_id": self.rp.client_id,
            "response_type": "code",
            "scope": "openid",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "request": jose.sign(request_object, self.rp.signing_key),
        }
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"

    def _token(self, op: dict[str, Any], code: str, code_verifier: str) -> dict[str, Any]:
        endpoint = op.get("token_endpoint", "")
        answer = http.post(
            endpoint,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.rp.redirect_uri,
                "client_id": self.rp.client_id,
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": client_assertion(self.rp, endpoint),
                "code_verifier": code_verifier,
            },
        )
        try:
            tokens = json.loads(answer.body)
        except ValueError as exc:
            raise FederationError("token endpoint: not JSON") from exc
        if isinstance(tokens, dict) and tokens.get("error") == "invalid_grant":
            raise ProviderAnswer("expired", "the code expired or was used already")
        if answer.status != 200 or not isinstance(tokens, dict) or "id_token" not in tokens:
            raise FederationError(f"token endpoint: {answer.status} {str(tokens)[:200]}")
        return tokens

    def _id_token(self, op: dict[str, Any], token: str, nonce: str) -> dict[str, Any]:
        claims = jose.verify(token, op.get("jwks"))
        if claims.get("iss") != op.get("issuer", self.entry.entity_id):
            raise FederationError("ID token: another issuer")
        audience = claims.get("aud")
        if self.rp.client_id not in (audience if isinstance(audience, list) else [audience]):
            raise FederationError("ID token: another audience")
        if claims.get("nonce") != nonce:
            raise FederationError("ID token: another nonce")
        if not claims.get("sub"):
            raise FederationError("ID token: no subject")
        return claims

    def _userinfo(self, op: dict[str, Any], access_token: str, subject: str) -> dict[str, Any]:
        answer = http.get(
            op.get("userinfo_endpoint", ""), headers={"Authorization": f"Bearer {access_token}"}
        )
        if answer.status != 200:
            raise FederationError(f"userinfo: status {answer.status}")
        signed = jose.decrypt(answer.text.strip(), self.rp.encryption_key)
        claims = jose.verify(signed, op.get("jwks"), require_exp=False)
        if claims.get("iss") != op.get("issuer", self.entry.entity_id) or claims.get("sub") != subject:
            raise FederationError("userinfo: another issuer or subject")
        audience = claims.get("aud")
        if audience is not None and self.rp.client_id not in (
            audience if isinstance(audience, list) else [audience]
        ):
            raise FederationError("userinfo: another audience")
        return claims

    def identity_from_callback(
        self, code: str, *, method: str, nonce: str, code_verifier: str
    ) -> tuple[Identity, str]:
        """The verified identity, and the access token to revoke at sign-out."""
        op = self.metadata()
        tokens = self._token(op, code, code_verifier)
        id_claims = self._id_token(op, tokens["id_token"], nonce)
        level = ACR_LEVELS.get(id_claims.get("acr", ""), 0)
        if level < 2:
            raise ProviderAnswer("level", str(id_claims.get("acr")))
        info = self._userinfo(op, tokens.get("access_token", ""), id_claims["sub"])
        fiscal_number = info.get(FISCAL_NUMBER_CLAIM) or id_claims.get(FISCAL_NUMBER_CLAIM)
        if not fiscal_number:
            raise FederationError("no fiscal number")
        identity = Identity(
            method=Method(method),
            provider=self.name(method),
            fiscal_code=str(fiscal_number),
            given_name=str(info.get("given_name", "")),
            family_name=str(info.get("family_name", "")),
            email=str(info.get("email", "")),
            level=level,
            provider_key=self.key,
        )
        return identity, str(tokens.get("access_token", ""))

    def revoke(self, access_token: str) -> None:
        """The profile's logout: the access token is revoked at the provider (best effort)."""
        op = self.metadata()
        endpoint = op.get("revocation_endpoint")
        if not endpoint or not access_token:
            return
        http.post(
            endpoint,
            {
                "token": access_token,
                "token_type_hint": "access_token",
                "client_id": self.rp.client_id,
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": client_assertion(self.rp, endpoint),
            },
        )
