"""A staff member sets up two-factor authentication exactly as a person does, with MFA required.

No force_login: the password on the login page, the code e-mailed before the first enrolment, the
password again when allauth asks, the secret read off the page, a code computed from it, the recovery
codes seen and downloaded, then signing in again with password + code and once with a recovery code.
Production-like settings: DEBUG off (pytest-django's default) and TAVOLO_REQUIRE_STAFF_MFA on.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from members.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.trust.mfa_helpers import last_login_code, post_password, secret_on_page, totp_code

EMAIL = "segreteria.welfare@comune.example.it"


@pytest.fixture
def newcomer(db, settings):
    """A Segreteria account that has never set up an authenticator."""
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    settings.DEBUG = False
    return UserFactory(email=EMAIL, is_staff=True, roles=[Role.SEGRETERIA])


def _sign_in_with_password_and_email_code(client: Client) -> None:
    response = post_password(client, EMAIL, TEST_PASSWORD)
    # The password alone is not enough: a code goes to the account's e-mail address first.
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login/code/confirm/"
    assert "_auth_user_id" not in client.session
    page = client.get("/account/login/code/confirm/")
    assert page.status_code == 200
    assert "codice" in page.text
    assert mail.outbox[-1].to == [EMAIL]
    response = client.post("/account/login/code/confirm/", {"code": last_login_code(EMAIL)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def _enrol(client: Client) -> tuple[str, list[str]]:
    """From the staff area to an active authenticator; returns the secret and the recovery codes."""
    response = client.get("/area-riservata/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/2fa/totp/activate/"

    response = client.get("/account/2fa/totp/activate/")
    if response.status_code == 302 and response.headers["Location"].startswith("/account/reauthenticate/"):
        page = client.get(response.headers["Location"])
        assert page.status_code == 200
        assert "password" in page.text.lower()
        response = client.post(response.headers["Location"], {"password": TEST_PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == "/account/2fa/totp/activate/"
        response = client.get("/account/2fa/totp/activate/")
    assert response.status_code == 200
    assert "applicazione di autenticazione" in response.text
    secret = secret_on_page(response.text)

    wrong_code = "000000" if totp_code(secret) != "000000" else "111111"
    wrong = client.post("/account/2fa/totp/activate/", {"code": wrong_code})
    assert wrong.status_code == 200
    assert "codice" in wrong.text.lower()

    response = client.post("/account/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/2fa/recovery-codes/"

    page = client.get("/account/2fa/recovery-codes/")
    assert page.status_code == 200
    codes = re.findall(r"\b\d{8}\b", page.text)
    assert len(set(codes)) == 10, "the page shows the ten recovery codes"
    download = client.get("/account/2fa/recovery-codes/download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    body = download.content.decode()
    assert all(code in body for code in set(codes))
    return secret, sorted(set(codes))


def _sign_out(client: Client) -> None:
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _reaches_staff_area_and_admin(client: Client) -> None:
    dashboard = client.get("/area-riservata/")
    assert dashboard.status_code == 200
    assert "Ufficio Welfare: domande di adesione, incontri" in dashboard.text
    assert "domande in attesa di esame" in dashboard.text
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert 'id="site-name"' in admin.text


@pytest.mark.django_db
def test_staff_member_enrols_signs_in_with_a_code_and_once_with_a_recovery_code(newcomer, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()

    _sign_in_with_password_and_email_code(client)
    secret, recovery_codes = _enrol(client)
    _reaches_staff_area_and_admin(client)
    _sign_out(client)

    # Again, with the authenticator: password, then the app's code (no e-mail code any more).
    sent = len(mail.outbox)
    response = post_password(client, EMAIL, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == sent
    page = client.get("/account/2fa/authenticate/")
    assert page.status_code == 200
    assert "codice" in page.text.lower()
    response = client.post("/account/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    _reaches_staff_area_and_admin(client)
    _sign_out(client)

    # Once with a recovery code instead of the app (a lost phone).
    response = post_password(client, EMAIL, TEST_PASSWORD)
    assert response.headers["Location"] == "/account/2fa/authenticate/"
    response = client.post("/account/2fa/authenticate/", {"code": recovery_codes[0]})
    assert response.status_code == 302
    _reaches_staff_area_and_admin(client)
    _sign_out(client)

    # A recovery code works once.
    post_password(client, EMAIL, TEST_PASSWORD)
    response = client.post("/account/2fa/authenticate/", {"code": recovery_codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert secret not in logged


@pytest.mark.django_db
def test_wrong_email_code_does_not_sign_in(newcomer):
    client = Client()
    post_password(client, EMAIL, TEST_PASSWORD)
    code = last_login_code(EMAIL)
    wrong = "123456" if code != "123456" else "654321"
    response = client.post("/account/login/code/confirm/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # Nor can the staff area or the activation page be reached half-way.
    assert client.get("/area-riservata/").status_code == 302
    assert client.get("/account/2fa/totp/activate/").headers["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_representatives_sign_in_with_the_password_alone(org_rep):
    client = Client()
    response = post_password(client, org_rep.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/area-riservata/"
    assert client.session["_auth_user_id"] == str(org_rep.pk)


@pytest.mark.django_db
def test_a_server_error_on_the_activation_page_does_not_log_the_secret(newcomer, settings, tmp_path, caplog):
    # The error that once made this page a 500: a template looks up a key the secret field lacks, and
    # Django's message quotes the field's attributes, its value (the secret) included.
    broken = tmp_path / "allauth" / "elements"
    broken.mkdir(parents=True)
    (broken / "field.html").write_text("{% with x=attrs.id|default:attrs.name %}{{ x }}{% endwith %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client = Client(raise_request_exception=False)
    _sign_in_with_password_and_email_code(client)
    client.post("/account/reauthenticate/", {"password": TEST_PASSWORD})
    caplog.set_level(logging.DEBUG)
    response = client.get("/account/2fa/totp/activate/")
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.name == "django.request"]
    assert errors, "the server error is logged"
    for record in errors:
        formatted = logging.Formatter().format(record)
        assert "VariableDoesNotExist" in formatted
        # The session is not saved on a 500: the secret is recognised as what the error quotes.
        assert "'value': '[secret]'" in formatted
        assert not re.search(r"[A-Z2-7]{32}", formatted)
