"""In a real browser, with staff MFA required: a Segreteria account sets up its authenticator app.

Password, the code e-mailed for the first enrolment, the password again, the secret read off the page
and a code computed from it, the recovery codes shown and downloaded, sign out, sign in with password and
the app's code, the staff area and the admin. Each step is screenshotted on failure (test-artifacts/).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.trust.mfa_helpers import last_login_code, totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "segreteria.welfare@comune.example.it"


def _password_step(page, base: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("main input[name=login]").fill(EMAIL)
    page.locator("main input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_member_sets_up_the_authenticator_app(page, live_server, settings, steps, width):
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    page.set_viewport_size({"width": width, "height": 900})
    # Generous: the first page of a cold live server on a busy machine may take several seconds.
    page.set_default_timeout(30_000)
    UserFactory(email=EMAIL, is_staff=True, roles=[Role.SEGRETERIA])
    mail.outbox.clear()
    base = live_server.url

    with steps.step("password, then the code sent by e-mail"):
        _password_step(page, base)
        expect(page).to_have_url(re.compile(r"/account/login/code/confirm/$"))
        page.locator("main input[name=code]").fill(last_login_code(EMAIL))
        page.locator("main form button[type=submit]").first.click()
        expect(page).not_to_have_url(re.compile(r"/account/login/"))

    with steps.step("the staff area sends to the activation, after the password again"):
        page.goto(f"{base}/area-riservata/")
        expect(page).to_have_url(re.compile(r"/account/reauthenticate/"))
        page.locator("main input[name=password]").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
        expect(page.locator("main img")).to_be_visible()

    with steps.step("the secret is read off the page and a code from the app is entered"):
        secret = page.locator("#authenticator_secret").input_value()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        page.locator("main input[name=code]").fill(totp_code(secret))
        page.get_by_role("button", name="Attiva", exact=True).click()
        expect(page).to_have_url(re.compile(r"/account/2fa/recovery-codes/$"))
        expect(page.locator("main")).to_contain_text("Codici non utilizzati")

    with steps.step("the recovery codes are downloaded"):
        with page.expect_download() as download_info:
            page.get_by_role("link", name=re.compile("Scarica", re.I)).first.click()
        codes = download_info.value.path().read_text().split()
        assert len(codes) == 10

    with steps.step("sign out"):
        page.goto(f"{base}/account/logout/")
        page.locator("main form button[type=submit]").first.click()
        expect(page).not_to_have_url(re.compile(r"/account/logout/"))

    with steps.step("sign in again with password and the app's code"):
        _password_step(page, base)
        expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
        page.locator("main input[name=code]").fill(totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(r"/area-riservata/$"))
        expect(page.locator("main")).to_contain_text("domande in attesa di esame")

    with steps.step("the admin opens"):
        page.goto(f"{base}/admin/")
        expect(page).to_have_url(re.compile(r"/admin/$"))
        expect(page.locator("#site-name")).to_be_visible()
