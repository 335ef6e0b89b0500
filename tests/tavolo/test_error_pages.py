"""The CSRF refusal and the 400 page (a Host that is not allowed too): Italian, in the portal's layout,
with no inline code that the Content Security Policy would block."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.trust.test_security_headers import assert_no_inline_code

pytestmark = pytest.mark.django_db


def _in_the_layout(page: str) -> None:
    assert 'id="main-content"' in page  # the layout's main region
    assert "Tavolo delle Risorse" in page
    assert 'href="/"' in page  # the way back home


def test_a_form_sent_without_its_csrf_token_gets_the_italian_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/aderisci/", {"name": "Associazione Il Faro"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Il modulo è scaduto</h1>" in page
    assert "ricarica la pagina e invia di nuovo il modulo" in page
    assert "CSRF" not in page and "Forbidden" not in page
    _in_the_layout(page)
    assert_no_inline_code(response)


def test_a_host_that_is_not_allowed_gets_the_italian_400_page(settings):
    settings.ALLOWED_HOSTS = ["tavolo.comune.example.it"]
    response = Client().get("/organizzazioni/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Richiesta non valida</h1>" in page
    assert "Bad Request" not in page
    _in_the_layout(page)
    assert_no_inline_code(response)
