"""The pages of signing in with SPID and CIE are valid HTML (W3C Nu checker), with the demo provider on."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from members.federation import testbed
from tests.factories import UserFactory
from tests.html.test_w3c import VNU_JAR, _readable

pytestmark = pytest.mark.django_db


EXPECTED_STATUS = {"provider refused": 400, "unavailable": 503}


def _path(response) -> str:
    bits = urlsplit(response["Location"])
    return f"{bits.path}?{bits.query}"


def test_identity_pages_are_valid_html(settings, tmp_path, monkeypatch):
    settings.TAVOLO_LOGIN_METHODS = ["password", "demo"]
    UserFactory(email="segreteria@demo.tavolo.it")
    client = Client()
    pages = {"login": client.get("/account/login/")}
    provider = _path(client.get("/accesso/spid/", {"idp": testbed.provider_id("spid")}))
    pages["provider"] = client.get(provider)
    consent = _path(client.post(provider, {"person": "laura", "level": "2"}))
    pages["consent"] = client.get(consent)
    link = client.get(_path(client.post(consent, {"consent": "1"})))
    pages["link"] = client.get(link["Location"])
    provider = _path(client.get("/accesso/cie/", {"idp": testbed.provider_id("cie")}))
    pages["cancelled"] = client.get(_path(client.post(provider, {"cancel": "1"})))
    # The provider refusing a request object it cannot verify; the portal when a provider is not in
    # the federation (its trust chain does not resolve).
    pages["provider refused"] = client.get(provider.replace("request=", "request=x"))
    monkeypatch.setattr(testbed, "subordinate_statement", lambda subject, now=None: None)
    cache.clear()  # the chains resolved above are kept until they expire
    pages["unavailable"] = client.get("/accesso/cie/", {"idp": testbed.provider_id("cie")})
    files = []
    for name, response in pages.items():
        assert response.status_code == EXPECTED_STATUS.get(name, 200), name
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert not messages, "\n".join(
        f"{m.get('url')}: " + _readable((tmp_path / (m["url"].rsplit("/", 1)[-1])).read_text(), [m])
        for m in messages
    )
