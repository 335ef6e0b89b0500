"""The relying party's settings: its keys, trust anchors, trust marks and identity providers.

From the environment (`TAVOLO_OIDC_FED_*`, README "SPID and CIE") when `TAVOLO_LOGIN_METHODS` offers
`spid` or `cie`; from the demo federation (members.federation.testbed) when it offers `demo`.
The entity id is the portal's `SITE_URL`: the entity configuration is at
`SITE_URL/.well-known/openid-federation` and the redirect URI is `SITE_URL/accesso/ritorno/`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from joserfc.jwk import RSAKey

from members.federation.jose import import_key

SPID_L2 = "https://www.spid.gov.it/SpidL2"
ACR_LEVELS = {
    "https://www.spid.gov.it/SpidL1": 1,
    SPID_L2: 2,
    "https://www.spid.gov.it/SpidL3": 3,
}
FISCAL_NUMBER_CLAIM = "https://attributes.eid.gov.it/fiscal_number"
USERINFO_CLAIMS = ("given_name", "family_name", "email", FISCAL_NUMBER_CLAIM)
KEY_ROLES = ("federation", "signing", "encryption")


@dataclass(frozen=True)
class ProviderEntry:
    """An identity provider the login page offers: its entity id and the name the person recognises."""

    method: str  # "spid" or "cie"
    entity_id: str
    name: str


@dataclass(frozen=True)
class RelyingParty:
    entity_id: str
    federation_key: RSAKey
    signing_key: RSAKey
    encryption_key: RSAKey
    trust_anchors: dict[str, dict[str, Any] | None]  # entity id -> its pinned public JWKS (or None)
    authority_hints: list[str]
    trust_marks: list[dict[str, str]]
    providers: list[ProviderEntry]
    organization_name: str
    contacts: list[str] = field(default_factory=list)

    @property
    def client_id(self) -> str:
        return self.entity_id

    @property
    def redirect_uri(self) -> str:
        return f"{settings.SITE_URL}{reverse('members:identity_callback')}"

    def providers_for(self, method: str) -> list[ProviderEntry]:
        return [p for p in self.providers if p.method == method]

    def provider(self, method: str, entity_id: str) -> ProviderEntry | None:
        return next((p for p in self.providers_for(method) if p.entity_id == entity_id), None)


def current() -> RelyingParty | None:
    """The relying party of this configuration, or None when SPID and CIE are not offered."""
    methods = set(settings.TAVOLO_LOGIN_METHODS)
    if "demo" in methods:
        from members.federation import testbed

        return testbed.relying_party()
    if not {"spid", "cie"} & methods:
        return None
    return _from_settings(
        settings.SITE_URL,
        settings.TAVOLO_OIDC_FED_KEYS_FILE,
        tuple(settings.TAVOLO_OIDC_FED_TRUST_ANCHORS),
        settings.TAVOLO_OIDC_FED_TRUST_ANCHOR_KEYS_FILE,
        tuple(settings.TAVOLO_OIDC_FED_AUTHORITY_HINTS),
        settings.TAVOLO_OIDC_FED_TRUST_MARKS_FILE,
        tuple(settings.TAVOLO_OIDC_FED_SPID_PROVIDERS) if "spid" in methods else (),
        tuple(settings.TAVOLO_OIDC_FED_CIE_PROVIDERS) if "cie" in methods else (),
    )


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"{what}: cannot read the JSON file {path!r} ({exc})") from exc


def parse_provider(method: str, value: str) -> ProviderEntry:
    """`https://id.example.it|Example ID` (the name is optional: the host is shown instead)."""
    entity_id, _sep, name = value.partition("|")
    entity_id = entity_id.strip().rstrip("/")
    return ProviderEntry(method, entity_id, name.strip() or entity_id.split("//")[-1])


@functools.lru_cache(maxsize=4)
def _from_settings(
    site_url: str,
    keys_file: str,
    trust_anchors: tuple[str, ...],
    anchor_keys_file: str,
    authority_hints: tuple[str, ...],
    trust_marks_file: str,
    spid: tuple[str, ...],
    cie: tuple[str, ...],
) -> RelyingParty:
    keys = _read_json(keys_file, "TAVOLO_OIDC_FED_KEYS_FILE")
    if not isinstance(keys, dict) or not all(isinstance(keys.get(role), dict) for role in KEY_ROLES):
        raise ImproperlyConfigured(
            "TAVOLO_OIDC_FED_KEYS_FILE must hold the keys written by `manage.py oidc_fed_keys`."
        )
    pinned = (
        _read_json(anchor_keys_file, "TAVOLO_OIDC_FED_TRUST_ANCHOR_KEYS_FILE") if anchor_keys_file else {}
    )
    marks = _read_json(trust_marks_file, "TAVOLO_OIDC_FED_TRUST_MARKS_FILE") if trust_marks_file else []
    return RelyingParty(
        entity_id=site_url,
        federation_key=import_key(keys["federation"]),
        signing_key=import_key(keys["signing"]),
        encryption_key=import_key(keys["encryption"]),
        trust_anchors={ta.rstrip("/"): pinned.get(ta.rstrip("/")) for ta in trust_anchors},
        authority_hints=[hint.rstrip("/") for hint in authority_hints] or list(trust_anchors),
        trust_marks=list(marks),
        providers=[parse_provider("spid", v) for v in spid] + [parse_provider("cie", v) for v in cie],
        organization_name=settings.TAVOLO_MUNICIPALITY,
        contacts=[settings.DEFAULT_FROM_EMAIL],
    )
