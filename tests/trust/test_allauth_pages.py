"""Every allauth page the portal dresses in its own templates answers 200 with its real form, in Italian.

The portal writes allauth's elements (`templates/allauth/elements/`) and layouts by hand; a field
without a name in one of them once made the TOTP activation page a 500 for everybody. Each page here
is rendered as its user reaches it: signed in through the login page with the password and the
authenticator app, asked for the password again where allauth asks for it.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client

from tests.factories import TEST_PASSWORD, UserFactory
from tests.trust.mfa_helpers import post_password, totp_code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ANONYMOUS_PAGES = [
    ("/account/login/", "Password dimenticata?"),
    ("/account/signup/", "Ho letto l"),
    ("/account/password/reset/", "Reimposta la mia password"),
    ("/account/password/reset/done/", "controlla la cartella dello spam"),
]

# Pages of a signed-in person who has an authenticator app and recovery codes.
SIGNED_IN_PAGES = [
    ("/account/email/", "Aggiungi un indirizzo"),
    ("/account/password/change/", "Password attuale"),
    ("/account/reauthenticate/", "Inserisci la tua password"),
    ("/account/2fa/", "codici di recupero disponibili"),
    ("/account/2fa/reauthenticate/", "Inserisci un codice"),
    ("/account/logout/", "Sei sicuro di volerti disconnettere?"),
]

# Pages allauth opens only to whoever confirmed the password a moment ago.
REAUTHENTICATED_PAGES = [
    ("/account/2fa/totp/deactivate/", "Stai per disattivare"),
    ("/account/2fa/recovery-codes/", "Codici non utilizzati"),
    ("/account/2fa/recovery-codes/generate/", "Questa azione renderà invalidi"),
]


@pytest.fixture
def person(db):
    return UserFactory(email="persona@example.it")


@pytest.fixture
def protected(person):
    """The person, with an authenticator app and recovery codes."""
    TOTP.activate(person, SECRET)
    RecoveryCodes.activate(person)
    return person


def _signed_in(user) -> Client:
    client = Client()
    response = post_password(client, user.email, TEST_PASSWORD)
    assert response.headers["Location"] == "/account/2fa/authenticate/"
    response = client.post("/account/2fa/authenticate/", {"code": totp_code(SECRET)})
    assert response.status_code == 302
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert '<html lang="it">' in response.text
    return response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "text"), ANONYMOUS_PAGES)
def test_page_for_anonymous_visitors(anonymous, url, text):
    assert text in _page(anonymous, url)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "text"), SIGNED_IN_PAGES)
def test_page_for_signed_in_person(protected, url, text):
    assert text in _page(_signed_in(protected), url)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "text"), REAUTHENTICATED_PAGES)
def test_page_after_confirming_the_password(protected, url, text):
    client = _signed_in(protected)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/reauthenticate/")
    assert client.post(response.headers["Location"], {"password": TEST_PASSWORD}).status_code == 302
    assert text in _page(client, url)


@pytest.mark.django_db
def test_two_factor_page_reads_as_italian(protected):
    html = re.sub(r"\s+", " ", _page(_signed_in(protected), "/account/2fa/"))
    assert '<h1 class="mb-4"> Autenticazione a due fattori </h1>' in html
    assert "> Visualizza </a>" in html
    assert "Vista" not in html


@pytest.mark.django_db
def test_recovery_codes_download(protected):
    client = _signed_in(protected)
    client.post("/account/reauthenticate/", {"password": TEST_PASSWORD})
    response = client.get("/account/2fa/recovery-codes/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert len(re.findall(r"^\d{8}$", response.content.decode(), re.M)) == 10


@pytest.mark.django_db
def test_totp_activation_page_shows_the_secret(person):
    client = Client()
    post_password(client, person.email, TEST_PASSWORD)
    client.post("/account/reauthenticate/", {"password": TEST_PASSWORD})
    html = _page(client, "/account/2fa/totp/activate/")
    assert "Segreto dell&#x27;autenticatore" in html or "Segreto dell'autenticatore" in html
    assert 'id="authenticator_secret"' in html


@pytest.mark.django_db
def test_second_factor_page_at_sign_in(protected):
    client = Client()
    post_password(client, protected.email, TEST_PASSWORD)
    assert "Inserisci il codice di autenticazione" in _page(client, "/account/2fa/authenticate/")


@pytest.mark.django_db
def test_password_reset_from_the_e_mailed_link(anonymous, person):
    anonymous.post("/account/password/reset/", {"email": person.email})
    link = re.search(r"https?://\S+(/account/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    response = anonymous.get(link)
    assert response.status_code == 302
    assert "Nuova password" in _page(anonymous, response.headers["Location"])


@pytest.mark.django_db
def test_set_password_page_for_an_account_without_one(client):
    # Rendering only: an account without a usable password cannot sign in with one.
    user = UserFactory(email="senza.password@example.it")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert "Imposta una password" in _page(client, "/account/password/set/")


@pytest.mark.django_db
def test_sign_in_and_out_messages_assume_no_gender(person):
    client = Client()
    post_password(client, person.email, TEST_PASSWORD)
    assert "Accesso effettuato come" in _page(client, "/area-riservata/")
    response = client.post("/account/logout/", follow=True)
    assert "Disconnessione effettuata." in response.text
    assert "collegat" not in response.text
