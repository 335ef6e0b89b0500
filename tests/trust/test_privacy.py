"""Privacy rights: sign-up consent, export of one's data, account deletion that keeps history."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from core import privacy
from members.models import Consent, ConsentKind, MembershipEvent, Organisation
from tests.factories import TEST_PASSWORD, RepresentativeFactory

User = get_user_model()


def test_every_app_provides_its_privacy_module():
    assert privacy.missing_privacy_providers() == []


@pytest.mark.django_db
def test_signup_requires_the_privacy_notice_and_records_the_consent(anonymous):
    data = {
        "first_name": "Anna",
        "last_name": "Neri",
        "email": "nuova@example.org",
        "password1": "Una-password-lunga-2026",
        "password2": "Una-password-lunga-2026",
    }
    response = anonymous.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert "accettare l&#x27;informativa sulla privacy" in response.text
    assert 'value="nuova@example.org"' in response.text
    assert not User.objects.filter(email="nuova@example.org").exists()

    response = anonymous.post(reverse("account_signup"), {**data, "privacy_accepted": "on"})
    assert response.status_code == 302
    consent = Consent.objects.get(user__email="nuova@example.org")
    assert consent.kind == ConsentKind.PRIVACY
    assert consent.version == settings.TAVOLO_PRIVACY_VERSION


@pytest.mark.django_db
def test_export_contains_account_addresses_consents_and_apps(org_rep, org_rep_client):
    Consent.objects.create(user=org_rep, kind=ConsentKind.PRIVACY, version="1.0")
    response = org_rep_client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == org_rep.email
    assert data["account"]["last_name"] == org_rep.last_name
    assert "Rappresentante organizzazione" in data["account"]["roles"]
    assert data["email_addresses"] == [{"email": org_rep.email, "verified": True, "primary": True}]
    assert [(c["kind"], c["version"]) for c in data["consents"]] == [("privacy", "1.0")]
    for module in privacy.privacy_providers():
        assert module.__name__.split(".")[0] in data


@pytest.mark.django_db
def test_export_holds_only_the_requesters_data(org_rep_client, other_org_rep):
    data = json.loads(org_rep_client.get(reverse("privacy:export")).content)
    assert other_org_rep.email not in json.dumps(data)


@pytest.mark.django_db
def test_privacy_pages_need_login(anonymous):
    for name in ("privacy:home", "privacy:export"):
        response = anonymous.get(reverse(name))
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_wrong_password_keeps_the_account(org_rep, org_rep_client):
    RepresentativeFactory(organisation=org_rep.representations.get().organisation, is_primary=False)
    response = org_rep_client.post(reverse("privacy:home"), {"password": "non-e-questa"})
    assert response.status_code == 400
    assert "La password non è corretta." in response.text
    org_rep.refresh_from_db()
    assert org_rep.is_active


@pytest.mark.django_db
def test_only_representative_of_an_active_organisation_must_hand_over_first(org_rep, org_rep_client):
    response = org_rep_client.get(reverse("privacy:home"))
    assert "Auser Cervia" in response.text
    assert "unico rappresentante" in response.text
    response = org_rep_client.post(reverse("privacy:home"), {"password": TEST_PASSWORD})
    assert response.status_code == 400
    org_rep.refresh_from_db()
    assert org_rep.is_active
    assert EmailAddress.objects.filter(user=org_rep).exists()


@pytest.mark.django_db
def test_delete_account_anonymises_the_person_and_keeps_history(org_rep, org_rep_client):
    representation = org_rep.representations.get()
    organisation = representation.organisation
    RepresentativeFactory(organisation=organisation, is_primary=False)
    events_before = MembershipEvent.objects.filter(organisation=organisation).count()
    old_email, old_last_name = org_rep.email, org_rep.last_name
    Consent.objects.create(user=org_rep, kind=ConsentKind.PRIVACY, version="1.0")

    response = org_rep_client.post(reverse("privacy:home"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Il tuo account è stato eliminato e i tuoi dati personali sono stati resi anonimi."
    ]

    org_rep.refresh_from_db()
    assert org_rep.email == f"deleted-{org_rep.pk}@invalid"
    assert (org_rep.first_name, org_rep.last_name, org_rep.phone) == ("", "", "")
    assert not org_rep.is_active and not org_rep.has_usable_password()
    assert not EmailAddress.objects.filter(user=org_rep).exists()
    assert not User.objects.filter(email=old_email).exists()
    assert not User.objects.filter(last_name=old_last_name, is_active=True).filter(pk=org_rep.pk).exists()
    # The organisation and its history are intact.
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert MembershipEvent.objects.filter(organisation=organisation).count() == events_before
    assert Consent.objects.filter(user=org_rep).count() == 1
    # Signing in is no longer possible, with the old or the new address.
    client = org_rep_client.__class__()
    for email in (old_email, org_rep.email):
        client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
        assert "_auth_user_id" not in client.session
    # And the session the person used is over.
    assert org_rep_client.get(reverse("dashboard")).status_code == 302
