"""Signing in with SPID and CIE (issue 18), walked through the pages with the demo federation.

The portal's relying party speaks the OpenID Connect Federation profile to the demo providers
(members.federation.testbed), answered in-process: entity configurations, trust chain, request object,
PKCE, private_key_jwt, ID token, encrypted user info, revocation.

button on the login page -> provider's sign-in page -> consent -> back to the portal -> signed in as the
right person: a new person, an account linked by fiscal code, an account linked by e-mail after the
person confirms, a staff member (no TOTP asked), a cancelled sign-in, a level 1 identity, an expired one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from members.federation import testbed
from members.models import User
from members.roles import Role
from tests.conftest import enrol_totp
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MARIO_CODE = "RSSMRA80A01H501U"  # the demo provider's Mario Rossi
GIULIA_CODE = "BNCGLI85M41D612C"  # Giulia Bianchi
LAURA_CODE = "ZNTLRA82E48D458C"  # Laura Zanotti, segreteria@demo.tavolo.it
VERIFIED_AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # an identity confirmed the fiscal code then


@pytest.fixture(autouse=True)
def _demo_methods(settings):
    settings.TAVOLO_LOGIN_METHODS = ["password", "demo"]
    settings.TAVOLO_REQUIRE_STAFF_MFA = True


def _path(response) -> str:
    location = response["Location"]
    bits = urlsplit(location)
    return f"{bits.path}?{bits.query}" if bits.query else bits.path


def _spid_link(client: Client) -> str:
    """The login page's SPID button: the href of the demo provider in its list."""
    page = client.get(reverse("account_login")).content.decode()
    assert "Entra con SPID" in page
    match = re.search(r'<a class="spid-idp-link" href="([^"]+)">SPID \(demo\)</a>', page)
    assert match, "no SPID (demo) in the list of identity providers"
    return match.group(1).replace("&amp;", "&")


def _cie_link(client: Client) -> str:
    page = client.get(reverse("account_login")).content.decode()
    match = re.search(r'<a class="italia-it-button italia-it-button-size-m button-cie" href="([^"]+)">', page)
    assert match, "no CIE button"
    return match.group(1).replace("&amp;", "&")


def walk(client: Client, person: str, *, method: str = "spid", level: str = "2", consent: bool = True):
    """From the button to the portal's answer after the provider; returns the portal's last response."""
    start = _spid_link(client) if method == "spid" else _cie_link(client)
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    provider_page = _path(to_provider)
    assert provider_page.startswith(f"/accesso/demo/{method}/?")
    page = client.get(provider_page)
    assert page.status_code == 200
    assert "Identità di prova" in page.content.decode()
    to_consent = client.post(provider_page, {"person": person, "level": level, "signin": "1"})
    assert to_consent.status_code == 302
    consent_page = _path(to_consent)
    shown = client.get(consent_page)
    assert "Consenso alla condivisione dei tuoi dati" in shown.content.decode()
    back = client.post(consent_page, {"consent": "1"} if consent else {"cancel": "1"})
    assert back.status_code == 302
    assert _path(back).startswith("/accesso/ritorno/?")
    return client.get(_path(back))


def signed_in_as(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_login_page_offers_spid_and_cie_only_when_the_setting_says_so(settings):
    page = Client().get(reverse("account_login")).content.decode()
    assert "Entra con SPID" in page
    assert "Entra con CIE" in page
    assert "Maggiori informazioni" in page and "Non hai SPID?" in page
    settings.TAVOLO_LOGIN_METHODS = ["password"]
    page = Client().get(reverse("account_login")).content.decode()
    assert "Entra con SPID" not in page
    assert "Entra con CIE" not in page
    # Without the demo method, its pages and the return address do not exist.
    assert Client().get(reverse("members:identity_callback")).status_code == 404
    assert Client().get(reverse("members:identity_demo", args=["spid"])).status_code == 404
    assert Client().get("/.well-known/openid-federation").status_code == 404
    assert Client().get(reverse("members:identity_start", args=["spid"])).status_code == 404


def test_a_new_person_gets_an_account_with_the_identity_data():
    client = Client()
    done = walk(client, "mario")
    assert done.status_code == 302
    assert _path(done) == reverse("dashboard")
    user = signed_in_as(client)
    assert user is not None
    assert (user.email, user.first_name, user.last_name) == ("mario.rossi@example.it", "Mario", "Rossi")
    assert user.fiscal_code == MARIO_CODE
    assert user.identity_linked_at is not None
    assert user.identity_provider == "SPID (demo)"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_existing_account_with_the_verified_fiscal_code_is_signed_in_and_takes_the_identity_names():
    owner = UserFactory(
        email="g.bianchi@example.org",
        first_name="G.",
        last_name="B.",
        fiscal_code=GIULIA_CODE,
        identity_linked_at=VERIFIED_AT,
    )
    client = Client()
    done = walk(client, "giulia")
    assert _path(done) == reverse("dashboard")
    assert signed_in_as(client) == owner
    owner.refresh_from_db()
    assert (owner.first_name, owner.last_name) == ("Giulia", "Bianchi")
    assert owner.identity_linked_at is not None
    assert User.objects.filter(fiscal_code=GIULIA_CODE).count() == 1
    assert not User.objects.filter(email="giulia.bianchi@example.it").exists()


def test_an_account_with_the_same_verified_email_is_linked_after_the_person_confirms():
    owner = UserFactory(email="segreteria@demo.tavolo.it", first_name="L.", last_name="Z.")
    client = Client()
    done = walk(client, "laura")
    assert _path(done) == reverse("members:identity_link")
    assert signed_in_as(client) is None  # nothing happens before the confirmation
    page = client.get(reverse("members:identity_link")).content.decode()
    assert "segreteria@demo.tavolo.it" in page
    assert "Collega l&#x27;account e accedi" in page or "Collega l'account e accedi" in page
    linked = client.post(reverse("members:identity_link"), {"link": "1"})
    assert _path(linked) == reverse("dashboard")
    assert signed_in_as(client) == owner
    owner.refresh_from_db()
    assert owner.fiscal_code == LAURA_CODE
    assert (owner.first_name, owner.last_name) == ("Laura", "Zanotti")


# --- A fiscal code only declared (the join form): never linked on the code alone -------------------------


def test_a_declared_code_with_the_identity_email_is_linked_after_the_person_confirms():
    owner = UserFactory(email="giulia.bianchi@example.it", first_name="G.", last_name="B.")
    User.objects.filter(pk=owner.pk).update(fiscal_code=GIULIA_CODE)  # declared: identity_linked_at empty
    client = Client()
    done = walk(client, "giulia")
    assert _path(done) == reverse("members:identity_link")
    assert signed_in_as(client) is None
    page = client.get(reverse("members:identity_link")).content.decode()
    assert "giulia.bianchi@example.it" in page
    assert 'name="password"' not in page  # the verified e-mail address is the proof
    linked = client.post(reverse("members:identity_link"), {"link": "1"})
    assert _path(linked) == reverse("dashboard")
    assert signed_in_as(client) == owner
    owner.refresh_from_db()
    assert owner.identity_linked_at is not None
    assert (owner.first_name, owner.last_name) == ("Giulia", "Bianchi")


def test_a_declared_code_with_another_email_asks_for_the_account_password():
    # Someone applied with Giulia's fiscal code: her SPID sign-in must not land in that account unasked.
    owner = UserFactory(
        email="g.bianchi@example.org", first_name="G.", last_name="B.", fiscal_code=GIULIA_CODE
    )
    client = Client()
    done = walk(client, "giulia")
    assert _path(done) == reverse("members:identity_link")
    assert signed_in_as(client) is None
    page = client.get(reverse("members:identity_link")).content.decode()
    assert "g***@example.org" in page and "g.bianchi@example.org" not in page
    assert 'name="password"' in page and "Password dell&#x27;account" in page

    # The link button alone does not do it.
    empty = client.post(reverse("members:identity_link"), {"link": "1"})
    assert empty.status_code == 200
    assert empty.context["form"].errors == {"password": ["Scrivi la password dell'account."]}
    wrong = client.post(reverse("members:identity_link"), {"link": "1", "password": "non-la-sua-password"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {"password": ["La password non è quella di questo account."]}
    assert "La password non è quella di questo account." in wrong.content.decode()
    assert signed_in_as(client) is None
    owner.refresh_from_db()
    assert owner.identity_linked_at is None and (owner.first_name, owner.last_name) == ("G.", "B.")

    right = client.post(reverse("members:identity_link"), {"link": "1", "password": TEST_PASSWORD})
    assert _path(right) == reverse("dashboard")
    assert signed_in_as(client) == owner
    owner.refresh_from_db()
    assert owner.identity_linked_at is not None
    assert (owner.first_name, owner.last_name) == ("Giulia", "Bianchi")
    assert User.objects.filter(fiscal_code=GIULIA_CODE).count() == 1
    assert not User.objects.filter(email="giulia.bianchi@example.it").exists()


def test_wrong_passwords_on_the_link_page_stop_after_five():
    owner = UserFactory(email="g.bianchi@example.org", fiscal_code=GIULIA_CODE)
    client = Client()
    walk(client, "giulia")
    for _ in range(5):
        wrong = client.post(reverse("members:identity_link"), {"link": "1", "password": "tentativo"})
        assert wrong.status_code == 200
    # Even the right password is no longer tried.
    stopped = client.post(reverse("members:identity_link"), {"link": "1", "password": TEST_PASSWORD})
    assert stopped.status_code == 429
    assert "Troppe password sbagliate" in stopped.context["form"].errors["password"][0]
    assert signed_in_as(client) is None
    owner.refresh_from_db()
    assert owner.identity_linked_at is None


def test_a_declared_code_on_an_account_without_password_sends_the_person_to_the_office():
    owner = UserFactory(email="g.bianchi@example.org", fiscal_code=GIULIA_CODE)
    owner.set_unusable_password()
    owner.save()
    client = Client()
    answer = walk(client, "giulia")
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "nessuno lo ha ancora verificato" in page
    assert "Contatta Servizi alla Persona - Ufficio Welfare" in page
    assert signed_in_as(client) is None
    owner.refresh_from_db()
    assert owner.identity_linked_at is None
    assert client.get(reverse("members:identity_link")).status_code == 400  # nothing waiting


def test_the_link_page_cannot_be_posted_without_a_sign_in_waiting():
    UserFactory(email="g.bianchi@example.org", fiscal_code=GIULIA_CODE)
    answer = Client().post(reverse("members:identity_link"), {"link": "1", "password": TEST_PASSWORD})
    assert answer.status_code == 400


def test_declining_the_link_signs_nobody_in_and_links_nothing():
    owner = UserFactory(email="segreteria@demo.tavolo.it")
    client = Client()
    walk(client, "laura")
    answer = client.post(reverse("members:identity_link"), {"cancel": "1"})
    assert "Accesso annullato" in answer.content.decode()
    assert signed_in_as(client) is None
    owner.refresh_from_db()
    assert owner.fiscal_code == ""


def test_an_email_account_holding_another_fiscal_code_is_never_merged():
    UserFactory(email="segreteria@demo.tavolo.it", fiscal_code=MARIO_CODE)
    client = Client()
    answer = walk(client, "laura")
    assert answer.status_code == 403
    assert "collegato a un altro codice fiscale" in answer.content.decode()
    assert signed_in_as(client) is None


def test_staff_signed_in_with_spid_level_2_reach_the_staff_area_without_totp():
    # No authenticator enrolled: with a password this account must first enrol TOTP.
    staff = UserFactory(
        email="staff@example.it",
        is_staff=True,
        roles=[Role.SEGRETERIA],
        fiscal_code=LAURA_CODE,
        identity_linked_at=VERIFIED_AT,
    )
    client = Client()
    walk(client, "laura")
    assert signed_in_as(client) == staff
    area = client.get(reverse("members:staff_list"))
    assert area.status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_signing_in_with_cie_are_not_asked_for_the_code():
    staff = enrol_totp(
        UserFactory(
            email="staff@example.it",
            is_staff=True,
            roles=[Role.SEGRETERIA],
            fiscal_code=MARIO_CODE,
            identity_linked_at=VERIFIED_AT,
        )
    )
    client = Client()
    done = walk(client, "mario", method="cie")
    assert _path(done) == reverse("dashboard")  # not the TOTP step (/account/2fa/authenticate/)
    assert signed_in_as(client) == staff
    assert client.get(reverse("members:staff_list")).status_code == 200


def test_the_same_staff_with_a_password_still_needs_totp():
    UserFactory(email="staff@example.it", is_staff=True, roles=[Role.SEGRETERIA], fiscal_code=LAURA_CODE)
    client = Client()
    answer = client.post(reverse("account_login"), {"login": "staff@example.it", "password": TEST_PASSWORD})
    # A password alone opens nothing: the code sent by e-mail first, then the TOTP enrolment (issue 11).
    assert answer["Location"] == reverse("account_confirm_login_code")
    assert signed_in_as(client) is None


def test_spid_level_1_is_refused_with_a_page_to_try_again():
    UserFactory(email="staff@example.it", is_staff=True, roles=[Role.SEGRETERIA], fiscal_code=LAURA_CODE)
    client = Client()
    answer = walk(client, "laura", level="1")
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "Livello di sicurezza non sufficiente" in page
    assert f'href="{reverse("account_login")}"' in page and "Riprova" in page
    assert signed_in_as(client) is None


def test_a_cancelled_sign_in_says_so_and_offers_to_try_again():
    client = Client()
    answer = walk(client, "mario", consent=False)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Accesso annullato" in page and "Riprova" in page
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="mario.rossi@example.it").exists()


def test_cancelling_on_the_provider_sign_in_page_comes_back_cancelled_too():
    client = Client()
    to_provider = client.get(_spid_link(client))
    back = client.post(_path(to_provider), {"cancel": "1"})
    answer = client.get(_path(back))
    assert "Accesso annullato" in answer.content.decode()


def test_an_expired_answer_of_the_provider_is_refused(monkeypatch):
    monkeypatch.setattr(testbed, "CODE_MAX_AGE", -1)
    client = Client()
    answer = walk(client, "mario")
    assert answer.status_code == 400
    assert "Accesso scaduto" in answer.content.decode()
    assert signed_in_as(client) is None


def test_an_answer_cannot_be_replayed_nor_used_in_another_browser():
    client = Client()
    start = client.get(_spid_link(client))
    consent = client.post(_path(start), {"person": "mario", "level": "2"})
    back = _path(client.post(_path(consent), {"consent": "1"}))
    thief = Client()
    stolen = thief.get(back)
    assert stolen.status_code == 400 and signed_in_as(thief) is None
    assert client.get(back).status_code == 302
    assert signed_in_as(client) is not None
    client.logout()
    assert client.get(back).status_code == 400  # the state was used up


def test_names_are_read_only_in_the_admin_while_the_identity_is_linked():
    admin = enrol_totp(UserFactory(is_staff=True, is_superuser=True))
    client = Client()
    client.force_login(admin)
    linked = UserFactory(fiscal_code=MARIO_CODE)
    unlinked = UserFactory()
    linked.identity_linked_at = linked.date_joined
    linked.save()
    page = client.get(reverse("admin:members_user_change", args=[linked.pk])).content.decode()
    assert 'name="first_name"' not in page and 'name="fiscal_code"' not in page
    page = client.get(reverse("admin:members_user_change", args=[unlinked.pk])).content.decode()
    assert 'name="first_name"' in page and 'name="fiscal_code"' in page


def test_password_sign_in_is_refused_when_the_setting_offers_only_identities(settings):
    settings.TAVOLO_LOGIN_METHODS = ["demo"]
    UserFactory(email="someone@example.it")
    client = Client()
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="password"' not in page
    answer = client.post(reverse("account_login"), {"login": "someone@example.it", "password": TEST_PASSWORD})
    assert answer.status_code == 200
    assert signed_in_as(client) is None
    assert "non è disponibile: usa SPID o CIE" in str(answer.context["form"].errors)


def test_signing_out_revokes_the_access_token_at_the_provider():
    client = Client()
    walk(client, "mario")
    token = client.session["identity_provider"]["access_token"]
    assert token and not testbed.is_revoked("spid", token)
    out = client.post(reverse("account_logout"))
    assert _path(out) == "/"
    assert signed_in_as(client) is None
    # The profile's logout: the provider no longer answers the user info for that token.
    assert testbed.is_revoked("spid", token)


def test_a_password_session_signs_out_without_passing_by_a_provider():
    UserFactory(email="someone@example.it")
    client = Client()
    client.post(reverse("account_login"), {"login": "someone@example.it", "password": TEST_PASSWORD})
    assert signed_in_as(client) is not None
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_the_privacy_export_includes_the_fiscal_code():
    client = Client()
    walk(client, "mario")
    export = client.get(reverse("privacy:export")).content.decode()
    assert MARIO_CODE in export and "SPID (demo)" in export
    page = client.get("/area-riservata/privacy/dati/").content.decode()
    assert "Identità digitale (SPID o CIE)" in page and "Identità digitale collegata il" in page
    assert "digital_identity" not in page


def test_a_person_created_by_an_identity_can_set_a_password_to_delete_the_account():
    client = Client()
    walk(client, "mario")
    page = client.get(reverse("account_set_password"))
    assert page.status_code == 200
    new_password = "una-password-nuova-per-mario-2026"
    client.post(reverse("account_set_password"), {"password1": new_password, "password2": new_password})
    assert User.objects.get(fiscal_code=MARIO_CODE).check_password(new_password)


def test_an_answer_meant_for_another_browser_is_refused_even_during_a_sign_in():
    """Login CSRF: an attacker's answer opened in a browser that has a sign-in of its own under way."""
    attacker = Client()
    start = attacker.get(_spid_link(attacker))
    consent = attacker.post(_path(start), {"person": "mario", "level": "2"})
    planted = _path(attacker.post(_path(consent), {"consent": "1"}))
    victim = Client()
    victim.get(_spid_link(victim))  # the victim's own sign-in: another state
    answer = victim.get(planted)
    assert answer.status_code == 400
    assert "Accesso scaduto" in answer.content.decode()
    assert signed_in_as(victim) is None


def test_a_linked_person_cannot_change_the_names_on_the_profile_page():
    client = Client()
    walk(client, "mario")
    page = client.get(reverse("profile:home")).content.decode()
    assert re.search(r'<input[^>]*name="first_name"[^>]*disabled', page)
    client.post(
        reverse("profile:home"), {"first_name": "Marietto", "last_name": "Verdi", "phone": "0544 979111"}
    )
    mario = User.objects.get(fiscal_code=MARIO_CODE)
    assert (mario.first_name, mario.last_name, mario.phone) == ("Mario", "Rossi", "0544 979111")
