"""Rate limits that stop the attacker, not the office, walked through the login page.

Behind the documented reverse proxy every request comes from the proxy's address; the client's is in
X-Forwarded-For, and only the entries the trusted proxies wrote (counted from the right) are believed.
Failed sign-ins lock out the address that made them; failures on one account from many addresses
delay its owner, who gets in again through a password reset or with the second factor.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client

from members.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.trust.mfa_helpers import totp_code

PROXY = "10.0.0.2"
WRONG = "sbagliata-123456"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REFUSED = "Troppi tentativi di accesso non riusciti"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def owner(db):
    """An organisation's representative: the password alone signs her in."""
    return UserFactory(email="giulia.neri@auser.example.org", roles=[Role.REPRESENTATIVE])


def _from(address: str, *, forged: str = "") -> Client:
    """A browser at `address`, reaching the portal through the proxy (nginx appends what it saw)."""
    header = f"{forged}, {address}" if forged else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def _sign_in(client: Client, email: str, password: str):
    return client.post("/account/login/", {"login": email, "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_lock_out_that_address_not_the_owners(owner, behind_proxy):
    attacker = _from("203.0.113.7")
    for _attempt in range(5):
        assert "non sono corretti" in _sign_in(attacker, owner.email, WRONG).text
    refused = _sign_in(attacker, owner.email, TEST_PASSWORD)
    assert not _signed_in(attacker)
    assert REFUSED in refused.text
    assert "Riprova tra 5 minuti" in refused.text
    assert 'href="/account/password/reset/"' in refused.text

    office = _from("198.51.100.20")
    assert _sign_in(office, owner.email, TEST_PASSWORD).status_code == 302
    assert _signed_in(office)


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_move_the_limit(owner, behind_proxy):
    for attempt in range(5):
        _sign_in(_from("203.0.113.7", forged=f"192.0.2.{attempt}"), owner.email, WRONG)
    attacker = _from("203.0.113.7", forged="192.0.2.99")
    assert REFUSED in _sign_in(attacker, owner.email, TEST_PASSWORD).text
    assert not _signed_in(attacker)


@pytest.mark.django_db
def test_two_trusted_proxies_take_the_second_entry_from_the_right(owner, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 2
    # client (forged prefix), address the outer balancer saw, address nginx saw (the balancer).
    for attempt in range(5):
        header = f"192.0.2.{attempt}, 203.0.113.7, 10.0.0.1"
        _sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header), owner.email, WRONG)
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.7, 10.0.0.1")
    assert REFUSED in _sign_in(attacker, owner.email, TEST_PASSWORD).text
    office = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20, 10.0.0.1")
    assert _sign_in(office, owner.email, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_without_a_proxy_the_header_is_ignored(owner):
    # BEHIND_PROXY off: X-Forwarded-For is whatever the client wrote; the connection's address counts.
    for attempt in range(5):
        client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        _sign_in(client, owner.email, WRONG)
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert REFUSED in _sign_in(client, owner.email, TEST_PASSWORD).text


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_stopped_and_nobody_else(behind_proxy):
    victims = [UserFactory(email=f"persona{n}@example.org") for n in range(21)]
    attacker = _from("203.0.113.7")
    for victim in victims[:20]:
        assert "non sono corretti" in _sign_in(attacker, victim.email, WRONG).text
    assert REFUSED in _sign_in(attacker, victims[20].email, WRONG).text
    office = _from("198.51.100.20")
    assert _sign_in(office, victims[20].email, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_sign_in_page_limit_is_per_client_not_for_the_whole_site(owner, behind_proxy):
    # allauth allows 30 sign-in attempts a minute per address: behind the proxy, per client.
    busy = _from("203.0.113.7")
    for _attempt in range(30):
        busy.post("/account/login/", {"login": "", "password": ""})
    refused = busy.post("/account/login/", {"login": owner.email, "password": TEST_PASSWORD})
    assert refused.status_code == 429
    assert "Troppi tentativi" in refused.text
    assert 'href="/account/password/reset/"' in refused.text
    office = _from("198.51.100.20")
    assert _sign_in(office, owner.email, TEST_PASSWORD).status_code == 302


def _lock_the_account_from_many_addresses(email: str, count: int = 20) -> None:
    for attempt in range(count):
        _sign_in(_from(f"203.0.113.{attempt + 1}"), email, WRONG)


@pytest.mark.django_db
def test_failures_from_many_addresses_delay_the_owner_who_gets_in_by_resetting(owner, behind_proxy):
    _lock_the_account_from_many_addresses(owner.email)
    office = _from("198.51.100.20")
    refused = _sign_in(office, owner.email, TEST_PASSWORD)
    assert not _signed_in(office)
    assert REFUSED in refused.text
    assert "Riprova tra 60 minuti" in refused.text
    assert 'href="/account/password/reset/"' in refused.text

    # The reset link arrives by e-mail; the new password signs her in at once, and again later.
    office.post("/account/password/reset/", {"email": owner.email})
    link = re.search(r"https?://\S+(/account/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form = office.get(link)
    new_password = "Salina-di-Cervia-2026"
    response = office.post(form.headers["Location"], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert _signed_in(office)
    office.post("/account/logout/")
    assert _sign_in(office, owner.email, new_password).status_code == 302
    assert _signed_in(office)


@pytest.mark.django_db
def test_a_sign_in_with_the_second_factor_clears_the_accounts_failures(behind_proxy):
    assessore = UserFactory(email="assessore@comune.example.it", is_staff=True, roles=[Role.PRESIDENZA])
    TOTP.activate(assessore, SECRET)
    _lock_the_account_from_many_addresses(assessore.email, count=15)

    office = _from("198.51.100.20")
    response = _sign_in(office, assessore.email, TEST_PASSWORD)
    assert response.headers["Location"] == "/account/2fa/authenticate/"
    assert office.post("/account/2fa/authenticate/", {"code": totp_code(SECRET)}).status_code == 302
    assert _signed_in(office)
    office.post("/account/logout/")

    # Fifteen more failures would make thirty without the clearing: the limit is twenty.
    _lock_the_account_from_many_addresses(assessore.email, count=15)
    home = _from("198.51.100.21")
    assert _sign_in(home, assessore.email, TEST_PASSWORD).headers["Location"] == "/account/2fa/authenticate/"
