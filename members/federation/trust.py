"""Trust chains: is this entity (a provider, or for the demo provider a relying party) in the federation?

From the entity's own configuration up through its `authority_hints` to one of the portal's trust
anchors: each superior's fetch endpoint answers a subordinate statement that the superior signs and that
names the keys the entity's own configuration must be signed with. Every statement must be valid now.
The metadata of the entity type is then passed through the superiors' metadata policies (top down), and
kept in the cache until the first statement of the chain expires (at most `CACHE_SECONDS`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache

from members.federation import http, jose
from members.federation.config import RelyingParty
from members.federation.entity import ENTITY_STATEMENT_CONTENT_TYPE, ENTITY_STATEMENT_TYPE, well_known
from members.federation.jose import FederationError

MAX_DEPTH = 3  # leaf -> intermediate -> intermediate -> trust anchor
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Statement:
    token: str
    payload: dict[str, Any]

    @property
    def exp(self) -> int:
        return int(self.payload["exp"])


@dataclass(frozen=True)
class Resolved:
    entity_id: str
    trust_anchor: str
    metadata: dict[str, Any]  # of the requested entity type, after the metadata policies
    federation_entity: dict[str, Any]
    exp: int
    trust_chain: tuple[str, ...] = ()  # the statements, leaf first and trust anchor last (OIDC-FED)


def _statement_answer(url: str) -> str:
    answer = http.get(url)
    if answer.status != 200:
        raise FederationError(f"{url}: status {answer.status}")
    if answer.content_type != ENTITY_STATEMENT_CONTENT_TYPE:
        raise FederationError(f"{url}: content type {answer.content_type!r}")
    return answer.text.strip()


def entity_configuration(entity_id: str, *, pinned: dict[str, Any] | None = None) -> Statement:
    """An entity's self-signed configuration (or signed by `pinned`, the keys of a trust anchor we know)."""
    token = _statement_answer(well_known(entity_id))
    _header, claimed = jose.unverified(token)
    if claimed.get("iss") != entity_id or claimed.get("sub") != entity_id:
        raise FederationError(f"{entity_id}: the entity configuration is about someone else")
    payload = jose.verify(token, pinned or claimed.get("jwks"), typ=ENTITY_STATEMENT_TYPE)
    return Statement(token, payload)


def subordinate_statement(superior: Statement, subject: str) -> Statement:
    """What `superior` says about `subject` (its fetch endpoint), signed with the superior's keys."""
    endpoint = (
        superior.payload.get("metadata", {}).get("federation_entity", {}).get("federation_fetch_endpoint")
    )
    if not isinstance(endpoint, str) or not endpoint:
        raise FederationError(f"{superior.payload.get('sub')}: no fetch endpoint")
    separator = "&" if "?" in endpoint else "?"
    token = _statement_answer(f"{endpoint}{separator}{urlencode({'sub': subject})}")
    payload = jose.verify(token, superior.payload.get("jwks"), typ=ENTITY_STATEMENT_TYPE)
    if payload.get("iss") != superior.payload["sub"] or payload.get("sub") != subject:
        raise FederationError(f"{subject}: the subordinate statement names someone else")
    return Statement(token, payload)


def _chain(rp: RelyingParty, leaf: Statement, depth: int) -> tuple[list[Statement], str, Statement]:
    """The subordinate statements from the trust anchor down to `leaf`, which trust anchor, and the
    anchor's own entity configuration."""
    reasons = []
    for hint in leaf.payload.get("authority_hints") or []:
        try:
            superior = entity_configuration(hint, pinned=rp.trust_anchors.get(hint))
            about = subordinate_statement(superior, leaf.payload["sub"])
            # The superior vouches for the leaf's keys: its configuration must be signed with them.
            jose.verify(leaf.token, about.payload.get("jwks"), typ=ENTITY_STATEMENT_TYPE)
            if hint in rp.trust_anchors:
                return [about], hint, superior
            if depth + 1 >= MAX_DEPTH:
                raise FederationError("trust chain too long")
            upper, anchor, anchor_configuration = _chain(rp, superior, depth + 1)
            return [*upper, about], anchor, anchor_configuration
        except FederationError as exc:
            reasons.append(f"{hint}: {exc}")
    raise FederationError(
        f"{leaf.payload.get('sub')}: no trust chain to a trust anchor ({'; '.join(reasons)})"
    )


def apply_policy(metadata: dict[str, Any], policy: dict[str, Any]) -> dict[str, Any]:
    """One superior's metadata policy (OpenID Federation: value, add, default, one_of, subset_of, ...)."""
    result = dict(metadata)
    for name, operators in (policy or {}).items():
        if not isinstance(operators, dict):
            continue
        if "value" in operators:
            if operators["value"] is None:
                result.pop(name, None)
            else:
                result[name] = operators["value"]
        if "add" in operators:
            present = result.get(name) or []
            present = present if isinstance(present, list) else [present]
            added = operators["add"] if isinstance(operators["add"], list) else [operators["add"]]
            result[name] = present + [v for v in added if v not in present]
        if "default" in operators and name not in result:
            result[name] = operators["default"]
        if "one_of" in operators and name in result and result[name] not in operators["one_of"]:
            raise FederationError(f"metadata {name}: {result[name]!r} not allowed by the policy")
        if "subset_of" in operators and name in result:
            values = result[name] if isinstance(result[name], list) else [result[name]]
            kept = [v for v in values if v in operators["subset_of"]]
            if kept:
                result[name] = kept
            else:
                result.pop(name)
        if "superset_of" in operators and name in result:
            values = result[name] if isinstance(result[name], list) else [result[name]]
            if not set(operators["superset_of"]) <= set(values):
                raise FederationError(f"metadata {name}: the policy requires {operators['superset_of']!r}")
        if operators.get("essential") and name not in result:
            raise FederationError(f"metadata {name}: required by the policy")
    return result


def _cache_key(rp: RelyingParty, entity_id: str, entity_type: str) -> str:
    anchors = ",".join(sorted(rp.trust_anchors))
    digest = hashlib.sha256(f"{anchors}|{entity_id}|{entity_type}".encode()).hexdigest()[:32]
    return f"oidcfed:chain:{digest}"


def resolve(rp: RelyingParty, entity_id: str, *, entity_type: str = "openid_provider") -> Resolved:
    """The verified metadata of `entity_id` (cached until its trust chain expires)."""
    key = _cache_key(rp, entity_id, entity_type)
    cached = cache.get(key)
    if isinstance(cached, Resolved) and cached.exp > time.time():
        return cached
    leaf = entity_configuration(entity_id)
    statements, anchor, anchor_configuration = _chain(rp, leaf, 0)
    metadata = leaf.payload.get("metadata", {}).get(entity_type)
    if not isinstance(metadata, dict):
        raise FederationError(f"{entity_id}: no {entity_type} metadata")
    for statement in statements:
        metadata = apply_policy(metadata, statement.payload.get("metadata_policy", {}).get(entity_type, {}))
    resolved = Resolved(
        entity_id=entity_id,
        trust_anchor=anchor,
        metadata=metadata,
        federation_entity=leaf.payload.get("metadata", {}).get("federation_entity", {}),
        exp=min([leaf.exp, *(s.exp for s in statements)]),
        trust_chain=(leaf.token, *(s.token for s in reversed(statements)), anchor_configuration.token),
    )
    cache.set(key, resolved, timeout=max(1, min(CACHE_SECONDS, int(resolved.exp - time.time()))))
    return resolved
