"""One rate-limited login page for everyone, and TOTP before the staff area."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.roles import Role
from tests.conftest import enrol_totp
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db
def test_sixth_failed_login_in_a_row_is_refused(anonymous, org_rep):
    url = reverse("account_login")
    for _attempt in range(5):
        response = anonymous.post(url, {"login": org_rep.email, "password": "sbagliata-123456"})
        assert response.status_code == 200
        assert "non sono corretti" in response.text
    # Even the right password is refused now: the key is locked out for a while.
    response = anonymous.post(url, {"login": org_rep.email, "password": TEST_PASSWORD})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in anonymous.session
    assert "troppi" in response.text.lower()


@pytest.mark.django_db
def test_admin_login_is_allauths_login(anonymous):
    response = anonymous.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))
    # A POST with credentials to the admin does not authenticate either.
    response = anonymous.post("/admin/login/", {"username": "x@example.org", "password": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_non_staff_cannot_open_the_admin(org_rep_client):
    assert org_rep_client.get("/admin/login/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SEGRETERIA, Role.PRESIDENZA])
@pytest.mark.parametrize("path", ["/area-riservata/", "/admin/", "/area-riservata/privacy/"])
def test_staff_without_totp_are_sent_to_activate_it(client, role, path):
    user = UserFactory(is_staff=True, roles=[role])
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "autenticazione a due fattori" in response.text


@pytest.mark.django_db
def test_staff_with_totp_pass(client):
    user = enrol_totp(UserFactory(is_staff=True, roles=[Role.SEGRETERIA]))
    client.force_login(user)
    assert client.get("/area-riservata/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_staff_without_totp_may_still_manage_their_account_and_log_out(client):
    user = UserFactory(is_staff=True, roles=[Role.SEGRETERIA])
    client.force_login(user)
    # allauth may first ask for the password again: both pages are under /account/ and stay reachable.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith("/account/")
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


@pytest.mark.django_db
def test_representatives_and_referents_are_not_affected(org_rep_client, service_referent_client):
    assert org_rep_client.get("/area-riservata/").status_code == 200
    assert service_referent_client.get("/area-riservata/").status_code == 200


@pytest.mark.django_db
def test_requirement_can_be_switched_off_for_the_demo(client, settings):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(is_staff=True, roles=[Role.SEGRETERIA]))
    assert client.get("/area-riservata/").status_code == 200
