"""In a real browser: "Entra con SPID" -> the demo provider -> consent -> back, signed in (issue 18).

The portal's relying party and the demo federation (trust anchor, "SPID (demo)", "CIE (demo)") speak the
OpenID Connect Federation profile; production settings (DEBUG off, staff MFA required). A new person gets
an account; an existing account is found by its verified fiscal code (CIE), while one whose code was only
declared asks for its password; a Segreteria account without an authenticator reaches the staff area
after a SPID level 2 sign-in; a cancelled sign-in shows the Italian page with "Riprova". axe (WCAG 2.1 AA)
runs on the login page with the list of providers open, on the provider's pages, on the link page and on
the error page.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from members.models import User
from members.roles import Role
from tests.browser.test_accessibility import AXE_OPTIONS, readable
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LAURA_CODE = "ZNTLRA82E48D458C"  # the demo provider's Laura Zanotti
GIULIA_CODE = "BNCGLI85M41D612C"  # Giulia Bianchi
VERIFIED_AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _demo_federation(settings, live_server):
    """The relying party's entity id is the live server's address (the demo federation lives there)."""
    settings.SITE_URL = live_server.url
    settings.TAVOLO_LOGIN_METHODS = ["password", "demo"]
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    assert not settings.DEBUG


def _no_violations(page, what: str) -> None:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}:\n" + readable(violations)


def _to_the_provider(page, base: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_text("Entra con SPID").click()
    provider = page.get_by_role("link", name="SPID (demo)")
    expect(provider).to_be_visible()
    _no_violations(page, "login page with the SPID list open")
    provider.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SPID (demo)")


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_sign_in_with_spid_and_reach_the_staff_area_without_totp(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(30_000)
    UserFactory(
        email="laura.zanotti@comune.example.it",
        is_staff=True,
        roles=[Role.SEGRETERIA],
        fiscal_code=LAURA_CODE,
        identity_linked_at=VERIFIED_AT,  # an identity verified the code: linked at once
    )
    base = live_server.url
    _to_the_provider(page, base)
    _no_violations(page, "demo provider sign-in page")
    page.locator("label[for=person-laura]").click()  # Bootstrap Italia draws the radio on the label
    page.get_by_label("Livello SPID").select_option("2")
    page.get_by_role("button", name="Entra con questa identità").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consenso alla condivisione dei tuoi dati")
    _no_violations(page, "demo provider consent page")
    page.get_by_role("button", name="Acconsento").click()
    expect(page).to_have_url(f"{base}/area-riservata/")
    page.goto(f"{base}/area-riservata/organizzazioni/")
    expect(page).to_have_url(f"{base}/area-riservata/organizzazioni/")  # not the TOTP activation page
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("autenticazione")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_person_signs_in_with_spid_and_gets_an_account(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(30_000)
    base = live_server.url
    _to_the_provider(page, base)
    page.locator("label[for=person-mario]").click()
    page.get_by_role("button", name="Entra con questa identità").click()
    expect(page.get_by_text("RSSMRA80A01H501U")).to_be_visible()  # the consent shows the fiscal code
    page.get_by_role("button", name="Acconsento").click()
    expect(page).to_have_url(f"{base}/area-riservata/")
    mario = User.objects.get(fiscal_code="RSSMRA80A01H501U")
    assert (mario.first_name, mario.last_name, mario.email) == ("Mario", "Rossi", "mario.rossi@example.it")
    assert mario.identity_provider == "SPID (demo)"


def test_an_existing_account_is_found_by_its_fiscal_code_with_cie(page, live_server):
    page.set_default_timeout(30_000)
    giulia = UserFactory(
        email="g.bianchi@associazione.example.it",
        first_name="G.",
        last_name="B.",
        fiscal_code=GIULIA_CODE,
        identity_linked_at=VERIFIED_AT,
    )
    base = live_server.url
    page.goto(f"{base}/account/login/")
    page.get_by_role("link", name="Entra con CIE").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CIE (demo)")
    page.locator("label[for=person-giulia]").click()
    page.get_by_role("button", name="Entra con questa identità").click()
    page.get_by_role("button", name="Acconsento").click()
    expect(page).to_have_url(f"{base}/area-riservata/")
    giulia.refresh_from_db()
    assert (giulia.first_name, giulia.last_name) == ("Giulia", "Bianchi")
    assert User.objects.filter(fiscal_code=GIULIA_CODE).count() == 1
    assert not User.objects.filter(email="giulia.bianchi@example.it").exists()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_declared_fiscal_code_asks_for_the_account_password(page, live_server, width):
    """A code only declared on the join form: the person types the account's password to link it."""
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(30_000)
    giulia = UserFactory(email="g.bianchi@associazione.example.it", fiscal_code=GIULIA_CODE)
    base = live_server.url
    _to_the_provider(page, base)
    page.locator("label[for=person-giulia]").click()
    page.get_by_role("button", name="Entra con questa identità").click()
    page.get_by_role("button", name="Acconsento").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collega la tua identità digitale")
    expect(page.get_by_text("g***@associazione.example.it")).to_be_visible()
    page.get_by_label("Password dell'account").fill("non-la-sua")
    page.get_by_role("button", name="Collega l'account e accedi").click()
    expect(page.get_by_text("La password non è quella di questo account.")).to_be_visible()
    _no_violations(page, "link page with a wrong password")
    giulia.refresh_from_db()
    assert giulia.identity_linked_at is None
    page.get_by_label("Password dell'account").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Collega l'account e accedi").click()
    expect(page).to_have_url(f"{base}/area-riservata/")
    giulia.refresh_from_db()
    assert giulia.identity_linked_at is not None


def test_a_cancelled_sign_in_offers_to_try_again(page, live_server):
    page.set_default_timeout(30_000)
    base = live_server.url
    _to_the_provider(page, base)
    page.locator("label[for=person-mario]").click()
    page.get_by_role("button", name="Entra con questa identità").click()
    page.get_by_role("button", name="Annulla").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accesso annullato")
    _no_violations(page, "cancelled sign-in page")
    page.get_by_role("link", name="Riprova").click()
    expect(page).to_have_url(re.compile(r"/account/login/$"))
    expect(page.get_by_text("Entra con SPID")).to_be_visible()
