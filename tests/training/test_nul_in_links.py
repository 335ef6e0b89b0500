"""A NUL byte in a participant's link or a certificate code is a page that does not exist: 404, on
PostgreSQL too (whose text columns cannot hold NUL)."""

from __future__ import annotations

import pytest

from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "suffix", ["", "conferma/", "annulla/", "valutazione/", "attestato.pdf"], ids=lambda s: s or "page"
)
def test_a_nul_byte_in_the_registration_link_is_not_found(client, suffix):
    registration = RegistrationFactory()
    url = f"/formazione/iscrizione/{registration.token}%00/{suffix}"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    # The genuine link still works.
    assert client.get(f"/formazione/iscrizione/{registration.token}/").status_code == 200


def test_a_nul_byte_in_a_certificate_code_is_not_found(client):
    response = client.get("/formazione/attestati/ABCD%00EFGH/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()
