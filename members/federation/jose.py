"""JWS, JWE and JWK for the federation (joserfc), with the algorithms the SPID/CIE profile allows."""

from __future__ import annotations

import json
import time
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from joserfc.util import urlsafe_b64decode

SIGNING_ALGORITHMS = ["RS256", "RS512", "ES256", "ES512", "PS256", "PS512"]
ENCRYPTION_ALGORITHMS = ["RSA-OAEP-256", "RSA-OAEP", "A256CBC-HS512", "A128CBC-HS256", "A256GCM", "A128GCM"]
CLOCK_SKEW = 60  # seconds of difference between our clock and the federation's that we accept


class FederationError(Exception):
    """A statement, token or answer of the federation that the portal cannot trust or use."""


def generate_key(use: str) -> RSAKey:
    """A new 2048-bit RSA key, its kid the RFC 7638 thumbprint."""
    return RSAKey.generate_key(2048, parameters={"use": use}, auto_kid=True)


def import_key(data: dict[str, Any]) -> RSAKey:
    key = RSAKey.import_key(data)
    if not key.kid:
        key.ensure_kid()
    return key


def public_jwks(*keys: RSAKey) -> dict[str, list[dict[str, Any]]]:
    return {"keys": [k.as_dict(private=False) for k in keys]}


def key_set(jwks: dict[str, Any] | None) -> KeySet:
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list) or not jwks["keys"]:
        raise FederationError("no keys")
    try:
        return KeySet.import_key_set({"keys": [k for k in jwks["keys"] if isinstance(k, dict)]})
    except (JoseError, ValueError, TypeError) as exc:
        raise FederationError(f"keys not usable: {exc}") from exc


def sign(payload: dict[str, Any], key: RSAKey, *, typ: str | None = None) -> str:
    header: dict[str, Any] = {"alg": "RS256", "kid": key.kid}
    if typ:
        header["typ"] = typ
    return jws.serialize_compact(header, json.dumps(payload), key, algorithms=["RS256"])


def unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a JWS, NOT verified: only to learn which keys verify it."""
    try:
        header_b64, payload_b64, _sig = token.split(".")
        header = json.loads(urlsafe_b64decode(header_b64.encode()))
        payload = json.loads(urlsafe_b64decode(payload_b64.encode()))
    except (ValueError, AttributeError) as exc:
        raise FederationError("not a signed JWT") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise FederationError("not a signed JWT")
    return header, payload


def verify(
    token: str,
    jwks: dict[str, Any] | None,
    *,
    typ: str | None = None,
    now: float | None = None,
    require_exp: bool = True,
) -> dict[str, Any]:
    """The payload of a JWS signed by one of `jwks`, not expired (`exp` required), of type `typ`."""
    header, _payload = unverified(token)
    if typ is not None and header.get("typ") != typ:
        raise FederationError(f"type {header.get('typ')!r} instead of {typ!r}")
    if header.get("alg") not in SIGNING_ALGORITHMS:
        raise FederationError(f"algorithm {header.get('alg')!r} not allowed")
    try:
        obj = jws.deserialize_compact(token, key_set(jwks), algorithms=SIGNING_ALGORITHMS)
        payload = json.loads(obj.payload)
    except (JoseError, ValueError) as exc:
        raise FederationError(f"signature not valid: {exc}") from exc
    now = time.time() if now is None else now
    if not isinstance(payload, dict):
        raise FederationError("payload is not an object")
    exp = payload.get("exp")
    if exp is None and not require_exp:
        pass
    elif not isinstance(exp, int | float) or exp + CLOCK_SKEW < now:
        raise FederationError("expired")
    iat = payload.get("iat")
    if isinstance(iat, int | float) and iat - CLOCK_SKEW > now:
        raise FederationError("issued in the future")
    return payload


def encrypt(plaintext: str, jwks: dict[str, Any]) -> str:
    """A JWE for the first encryption key of `jwks` (RSA-OAEP-256, A256CBC-HS512)."""
    keys = [k for k in jwks.get("keys", []) if k.get("use", "enc") == "enc"]
    if not keys:
        raise FederationError("no encryption key")
    key = import_key(keys[0])
    header = {"alg": "RSA-OAEP-256", "enc": "A256CBC-HS512", "kid": key.kid, "cty": "JWT"}
    return jwe.encrypt_compact(header, plaintext, key, algorithms=ENCRYPTION_ALGORITHMS)


def decrypt(token: str, key: RSAKey) -> str:
    try:
        return jwe.decrypt_compact(token, key, algorithms=ENCRYPTION_ALGORITHMS).plaintext.decode()
    except (JoseError, ValueError, UnicodeDecodeError) as exc:
        raise FederationError(f"cannot decrypt: {exc}") from exc
