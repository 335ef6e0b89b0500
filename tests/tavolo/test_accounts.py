"""Sign-up, e-mail verification, login and the dashboard, as a newcomer meets them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from members import roles
from members.models import User
from members.roles import Role
from tests.conftest import enrol_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="nuova.persona@example.org", password="una-password-sicura-2026"):
    # The sign-up asks for a name, so that nobody appears as an e-mail address.
    data = {
        "first_name": "Anna",
        "last_name": "Neri",
        "email": email,
        "password1": password,
        "password2": password,
    }
    # The privacy acceptance is part of the sign-up form once the privacy module adds it.
    form = client.get(reverse("account_signup")).context["form"]
    for name in form.fields:
        if name not in data and name.startswith(("privacy", "accept", "consent")):
            data[name] = "on"
    return client.post(reverse("account_signup"), data)


def test_signup_sends_italian_verification_email_and_login_waits_for_it(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nuova.persona@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nuova.persona@example.org"]
    assert "Conferma" in message.subject or "conferma" in message.body.lower()

    # Not verified yet: a login attempt is sent to the "verify your e-mail" page, not the dashboard.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "una-password-sicura-2026"}
    )
    assert response.status_code == 302
    assert response.url != reverse("dashboard")

    link = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "Benvenuto" in dashboard.text or "Benvenuta" in dashboard.text or "Ti diamo" in dashboard.text


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_login_page_speaks_italian(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="it"' in response.text
    assert "Accedi" in response.text


def test_signup_with_a_taken_email_reveals_nothing_and_warns_the_owner(client):
    # allauth prevents account enumeration: the form behaves as for a new address, and the
    # owner of the address is told by e-mail that someone tried to sign up with it.
    UserFactory(email="gia.presente@example.org")
    response = _signup(client, email="Gia.Presente@example.org")
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="gia.presente@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["gia.presente@example.org"]]


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.PRESIDENZA, "manage_meetings", True),
        (Role.SEGRETERIA, "manage_members", True),
        (Role.SERVICE_REFERENT, "manage_members", False),
        (Role.SERVICE_REFERENT, "answer_routings", True),
        (Role.REPRESENTATIVE, "propose_topics", True),
        (Role.REPRESENTATIVE, "manage_reports", False),
        (None, "propose_topics", False),
    ],
)
def test_role_checks(role, action, allowed):
    user = UserFactory(roles=[role] if role else [])
    if role in (Role.PRESIDENZA, Role.SEGRETERIA):
        enrol_totp(user)  # staff are staff once they have an authenticator (tests/trust/test_staff_drafts...)
    assert roles.can(user, action) is allowed


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        roles.can(UserFactory(), "fly")


def test_inactive_user_may_do_nothing():
    user = UserFactory(roles=[Role.SEGRETERIA], is_active=False)
    assert roles.can(user, "manage_members") is False


def test_groups_are_created_by_migration():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
def test_a_staff_member_signing_in_while_the_mail_server_is_down_waits_for_the_code_not_an_error(
    client, settings, monkeypatch
):
    """Signing in as staff e-mails a code. With the mail server refusing the connection the person gets
    the page asking for the code (never a 500) and the e-mail is kept in the outbox, which sends it
    again with its retries."""
    from core.models import OutgoingEmail
    from members.roles import Role
    from tests.factories import TEST_PASSWORD
    from tests.trust.mfa_helpers import post_password

    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    UserFactory(email="segreteria@comune.example.it", is_staff=True, roles=[Role.SEGRETERIA])

    def refused(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    response = post_password(client, "segreteria@comune.example.it", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login/code/confirm/"
    kept = OutgoingEmail.objects.get(to="segreteria@comune.example.it")
    assert re.search(r"^\s*\d{6}\s*$", kept.body_text, re.M)  # the six-digit code, as e-mailed
    assert kept.status == "queued"
