"""The relying party's pieces of the OpenID Connect Federation profile (issue 18), with no network.

The demo federation (members.federation.testbed) answers in-process; the tests tamper with what it says
(a statement signed by another key, an expired one, an ID token for another nonce) and expect the portal
to refuse with its Italian page, never a 500.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import KeySet

from members.federation import config, jose, testbed, trust
from members.federation.jose import FederationError
from members.models import User
from tests.members.test_identity import _path, signed_in_as, walk

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"  # SITE_URL of the tests: the relying party's entity id
ANCHOR = f"{SITE}/accesso/demo/ta"
SPID_OP = f"{SITE}/accesso/demo/spid"


@pytest.fixture(autouse=True)
def _demo(settings):
    settings.TAVOLO_LOGIN_METHODS = ["password", "demo"]
    settings.SITE_URL = SITE


def _payload(token: str, jwks: dict) -> dict:
    """Verify a JWS with joserfc directly (not with the code under test)."""
    return json.loads(jws.deserialize_compact(token, KeySet.import_key_set(jwks)).payload)


def _header(token: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))


# --- Entity configuration -----------------------------------------------------------------------------


def test_the_entity_configuration_is_a_signed_statement_about_the_portal():
    answer = Client().get("/.well-known/openid-federation")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/entity-statement+jwt"
    token = answer.content.decode()
    assert _header(token)["typ"] == "entity-statement+jwt"
    unverified = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    claims = _payload(token, unverified["jwks"])  # self-signed with its federation key
    assert claims["iss"] == claims["sub"] == SITE
    assert claims["exp"] > time.time() + 3600
    assert claims["authority_hints"] == [ANCHOR]
    assert claims["trust_marks"][0]["id"] == "https://www.spid.gov.it/certification/rp/public"
    rp = claims["metadata"]["openid_relying_party"]
    assert rp["client_id"] == SITE
    assert rp["redirect_uris"] == [f"{SITE}/accesso/ritorno/"]
    assert rp["token_endpoint_auth_method"] == "private_key_jwt"
    federation_entity = claims["metadata"]["federation_entity"]
    assert federation_entity["federation_resolve_endpoint"] == f"{SITE}/accesso/risolvi/"
    assert sorted(k["use"] for k in rp["jwks"]["keys"]) == ["enc", "sig"]
    assert all("d" not in k for k in rp["jwks"]["keys"] + claims["jwks"]["keys"])  # no private part
    # The federation key is not a protocol key.
    assert claims["jwks"]["keys"][0]["kid"] not in {k["kid"] for k in rp["jwks"]["keys"]}


def test_the_trust_anchor_vouches_for_the_portal_with_the_same_federation_key():
    ours = Client().get("/.well-known/openid-federation").content.decode()
    statement = Client().get(reverse("members:identity_demo_fetch"), {"sub": SITE})
    assert statement["Content-Type"] == "application/entity-statement+jwt"
    about = _payload(statement.content.decode(), testbed.anchor_jwks())
    assert (about["iss"], about["sub"]) == (ANCHOR, SITE)
    _payload(ours, about["jwks"])  # our configuration verifies with the keys the anchor publishes


# --- Trust chain --------------------------------------------------------------------------------------


def test_the_trust_chain_of_a_provider_resolves_to_the_anchor_with_its_policy():
    resolved = trust.resolve(testbed.relying_party(), SPID_OP)
    assert resolved.trust_anchor == ANCHOR
    assert resolved.metadata["issuer"] == SPID_OP
    assert resolved.metadata["token_endpoint"] == f"{SPID_OP}/token/"
    assert resolved.metadata["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]


def test_a_subordinate_statement_signed_by_another_key_breaks_the_chain(monkeypatch):
    impostor = jose.generate_key("sig")
    honest = testbed.subordinate_statement

    def forged(subject, now=None):
        claims = jose.unverified(honest(subject, now=now))[1]
        return jose.sign(claims, impostor, typ="entity-statement+jwt")

    monkeypatch.setattr(testbed, "subordinate_statement", forged)
    with pytest.raises(FederationError, match="no trust chain"):
        trust.resolve(testbed.relying_party(), SPID_OP)


def test_a_provider_configuration_signed_by_a_key_the_anchor_does_not_know_is_refused(monkeypatch):
    impostor = jose.generate_key("sig")
    honest = testbed.configuration

    def self_signed_by_impostor(entity, now=None):
        token = honest(entity, now=now)
        if entity != "spid":
            return token
        claims = jose.unverified(token)[1] | {"jwks": jose.public_jwks(impostor)}
        return jose.sign(claims, impostor, typ="entity-statement+jwt")

    monkeypatch.setattr(testbed, "configuration", self_signed_by_impostor)
    with pytest.raises(FederationError, match="no trust chain"):
        trust.resolve(testbed.relying_party(), SPID_OP)


def test_an_expired_statement_is_refused(monkeypatch):
    honest = testbed.configuration
    two_days_ago = time.time() - 2 * 24 * 3600
    monkeypatch.setattr(
        testbed,
        "configuration",
        lambda entity, now=None: honest(entity, now=two_days_ago if entity == "spid" else now),
    )
    with pytest.raises(FederationError, match="expired"):
        trust.resolve(testbed.relying_party(), SPID_OP)


def test_a_provider_outside_the_federation_gets_the_italian_page_not_a_500(monkeypatch):
    monkeypatch.setattr(testbed, "subordinate_statement", lambda subject, now=None: None)
    client = Client()
    answer = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})
    assert answer.status_code == 503
    page = answer.content.decode()
    assert (
        "Gestore dell'identità non raggiungibile" in page
        or "Gestore dell&#x27;identità non raggiungibile" in page
    )
    assert "Riprova" in page


def test_the_resolved_chain_is_cached_until_it_expires(monkeypatch):
    rp = testbed.relying_party()
    trust.resolve(rp, SPID_OP)
    monkeypatch.setattr(testbed, "subordinate_statement", lambda subject, now=None: None)
    assert trust.resolve(rp, SPID_OP).metadata["issuer"] == SPID_OP  # from the cache, no fetch


# --- The authorization request ------------------------------------------------------------------------


def test_the_authorization_request_carries_a_signed_request_object_with_pkce_and_spid_level_2():
    client = Client()
    to_provider = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})
    query = parse_qs(urlsplit(to_provider["Location"]).query)
    assert query["client_id"] == [SITE]
    assert query["code_challenge_method"] == ["S256"]
    rp_metadata = testbed.relying_party()
    request_object = _payload(query["request"][0], jose.public_jwks(rp_metadata.signing_key))
    started = client.session["identity_sign_in"]
    assert request_object["acr_values"] == "https://www.spid.gov.it/SpidL2"
    assert request_object["state"] == started["state"]
    assert request_object["nonce"] == started["nonce"]
    assert request_object["redirect_uri"] == f"{SITE}/accesso/ritorno/"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(started["code_verifier"].encode()).digest())
    assert request_object["code_challenge"] == challenge.rstrip(b"=").decode()
    assert "https://attributes.eid.gov.it/fiscal_number" in request_object["claims"]["userinfo"]
    assert SPID_OP in request_object["aud"]


def test_the_provider_refuses_a_request_object_it_cannot_verify():
    client = Client()
    location = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})["Location"]
    bits = urlsplit(location)
    query = parse_qs(bits.query)
    impostor = jose.generate_key("sig")
    claims = jose.unverified(query["request"][0])[1]
    forged = jose.sign(claims, impostor)
    answer = client.get(bits.path, {"client_id": SITE, "request": forged})
    assert answer.status_code == 400


# --- The answer: token, ID token, user info -----------------------------------------------------------


def test_the_user_info_travels_encrypted_for_the_portal_only():
    client = Client()
    walk(client, "mario")
    token = client.session["identity_provider"]["access_token"]
    answer = Client().get(f"{SPID_OP}/userinfo/".removeprefix(SITE), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer["Content-Type"] == "application/jose"
    assert answer.content.count(b".") == 4  # a JWE (five parts), not a readable JWS
    assert b"Rossi" not in answer.content


def test_a_mismatched_nonce_is_refused(monkeypatch):
    client = Client()
    start = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})
    session = client.session
    session["identity_sign_in"] = {**session["identity_sign_in"], "nonce": "another-nonce"}
    session.save()
    consent = client.post(_path(start), {"person": "mario", "level": "2"})
    back = client.post(_path(consent), {"consent": "1"})
    answer = client.get(_path(back))
    assert answer.status_code == 400
    assert "Accesso non completato" in answer.content.decode()
    assert signed_in_as(client) is None
    assert not User.objects.filter(fiscal_code="RSSMRA80A01H501U").exists()


def test_a_wrong_pkce_verifier_is_refused():
    client = Client()
    start = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})
    session = client.session
    session["identity_sign_in"] = {**session["identity_sign_in"], "code_verifier": "x" * 43}
    session.save()
    consent = client.post(_path(start), {"person": "mario", "level": "2"})
    answer = client.get(_path(client.post(_path(consent), {"consent": "1"})))
    assert answer.status_code == 400
    assert signed_in_as(client) is None


def test_an_answer_naming_another_issuer_is_refused():
    client = Client()
    start = client.get(reverse("members:identity_start", args=["spid"]), {"idp": SPID_OP})
    consent = client.post(_path(start), {"person": "mario", "level": "2"})
    back = _path(client.post(_path(consent), {"consent": "1"}))
    answer = client.get(back.replace("iss=http", "iss=https"))
    assert answer.status_code == 400
    assert signed_in_as(client) is None


def test_the_fiscal_number_loses_its_tinit_prefix():
    client = Client()
    walk(client, "giulia")
    assert signed_in_as(client).fiscal_code == "BNCGLI85M41D612C"


def test_the_token_endpoint_refuses_an_assertion_signed_by_another_key():
    impostor = jose.generate_key("sig")
    now = int(time.time())
    assertion = jose.sign(
        {"iss": SITE, "sub": SITE, "aud": f"{SPID_OP}/token/", "iat": now, "exp": now + 60, "jti": "x"},
        impostor,
    )
    answer = Client().post(
        f"{SPID_OP}/token/".removeprefix(SITE),
        {
            "grant_type": "authorization_code",
            "code": "anything",
            "client_id": SITE,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        },
    )
    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_client"}


# --- Production configuration -------------------------------------------------------------------------


def test_the_keys_command_writes_private_keys_that_the_settings_read(tmp_path, settings, capsys):
    keys_file = tmp_path / "keys.json"
    call_command("oidc_fed_keys", str(keys_file))
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    written = json.loads(keys_file.read_text())
    assert sorted(written) == ["encryption", "federation", "signing"]
    assert all("d" in key for key in written.values())  # private parts
    printed = capsys.readouterr().out
    assert written["federation"]["kid"] in printed and written["federation"]["d"] not in printed
    with pytest.raises(CommandError):
        call_command("oidc_fed_keys", str(keys_file))  # never overwritten

    settings.TAVOLO_LOGIN_METHODS = ["spid", "cie", "password"]
    settings.SITE_URL = "https://tavolo.comune.example.it"
    settings.TAVOLO_OIDC_FED_KEYS_FILE = str(keys_file)
    settings.TAVOLO_OIDC_FED_TRUST_ANCHORS = ["https://registry.spid.gov.it"]
    settings.TAVOLO_OIDC_FED_AUTHORITY_HINTS = []
    settings.TAVOLO_OIDC_FED_SPID_PROVIDERS = ["https://id.example.it|Example ID", "https://other.example.it"]
    settings.TAVOLO_OIDC_FED_CIE_PROVIDERS = ["https://cie.example.it|CIE"]
    rp = config.current()
    assert rp.entity_id == "https://tavolo.comune.example.it"
    assert rp.federation_key.kid == written["federation"]["kid"]
    assert rp.authority_hints == ["https://registry.spid.gov.it"]
    page = Client().get(reverse("account_login")).content.decode()
    assert "Example ID" in page and "other.example.it" in page and "Entra con CIE" in page
    statement = Client().get("/.well-known/openid-federation").content.decode()
    claims = _payload(statement, {"keys": [{k: v for k, v in written["federation"].items() if k != "d"}]})
    assert claims["metadata"]["openid_relying_party"]["redirect_uris"] == [
        "https://tavolo.comune.example.it/accesso/ritorno/"
    ]
    assert "trust_marks" not in claims


def test_the_federation_is_reached_over_https_only_in_production(settings):
    from members.federation import http

    settings.TAVOLO_LOGIN_METHODS = ["password"]
    settings.DEBUG = False
    with pytest.raises(FederationError, match="HTTPS only"):
        http.get("http://registry.example.it/.well-known/openid-federation")


def test_the_resolve_endpoint_answers_the_portal_and_its_providers_only():
    answer = Client().get(reverse("members:identity_resolve"), {"sub": SPID_OP, "anchor": ANCHOR})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/resolve-response+jwt"
    claims = _payload(answer.content.decode(), jose.public_jwks(testbed.relying_party().federation_key))
    assert (claims["iss"], claims["sub"]) == (SITE, SPID_OP)
    assert claims["metadata"]["openid_provider"]["issuer"] == SPID_OP
    # The chain: the provider's configuration, the anchor's statement about it, the anchor's configuration.
    chain = [json.loads(base64.urlsafe_b64decode(t.split(".")[1] + "==")) for t in claims["trust_chain"]]
    assert [(c["iss"], c["sub"]) for c in chain] == [(SPID_OP, SPID_OP), (ANCHOR, SPID_OP), (ANCHOR, ANCHOR)]
    ours = Client().get(reverse("members:identity_resolve"), {"sub": SITE, "anchor": ANCHOR})
    assert ours.status_code == 200
    # Never an address it does not have to trust, nor another anchor.
    elsewhere = {"sub": "https://elsewhere.example.it", "anchor": ANCHOR}
    assert Client().get(reverse("members:identity_resolve"), elsewhere).status_code == 404
    other_anchor = {"sub": SPID_OP, "anchor": "https://registry.example.it"}
    assert Client().get(reverse("members:identity_resolve"), other_anchor).status_code == 404
