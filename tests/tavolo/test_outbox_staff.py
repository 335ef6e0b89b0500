"""Staff see the e-mails that could not be delivered, with their error, and send them again."""

from __future__ import annotations

import pytest
from django.core import mail

from core.models import DeliveryAttempt, OutgoingEmail, OutgoingEmailStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def failed_email(db) -> OutgoingEmail:
    message = OutgoingEmail.objects.create(
        dedup_key="test:failed",
        dedup_hash="f" * 64,
        to="presidenza@auser.example.org",
        subject="[Tavolo delle Risorse] Convocazione: Plenaria di marzo",
        body_text="Testo della convocazione",
        status=OutgoingEmailStatus.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )
    DeliveryAttempt.objects.create(
        email=message, claim_token="6f1c3a52-61b5-4a43-9f0b-0d2f7c1e4a10", result="failed", error="550"
    )
    return message


def test_staff_see_a_failed_email_with_its_error_on_the_dashboard(staff_client, failed_email):
    page = staff_client.get("/area-riservata/").content.decode()
    assert "E-mail non recapitate" in page
    assert "presidenza@auser.example.org" in page
    assert "SMTPRecipientsRefused: 550 mailbox unavailable" in page


def test_staff_send_a_failed_email_again_from_the_dashboard(staff_client, failed_email):
    page = staff_client.get("/area-riservata/").content.decode()
    assert f'action="/area-riservata/email/{failed_email.pk}/reinvia/"' in page
    response = staff_client.post(f"/area-riservata/email/{failed_email.pk}/reinvia/", follow=True)
    page = response.content.decode()
    assert "L&#x27;e-mail per presidenza@auser.example.org è stata rimessa in coda." in page
    assert "E-mail non recapitate" not in page  # nothing left to show
    [sent] = mail.outbox
    assert sent.to == ["presidenza@auser.example.org"]
    failed_email.refresh_from_db()
    assert failed_email.status == OutgoingEmailStatus.SENT
    assert list(failed_email.delivery_attempts.values_list("result", flat=True)) == ["failed", "sent"]


def test_sending_again_twice_sends_once(staff_client, failed_email):
    staff_client.post(f"/area-riservata/email/{failed_email.pk}/reinvia/")
    response = staff_client.post(f"/area-riservata/email/{failed_email.pk}/reinvia/", follow=True)
    assert "Quell&#x27;e-mail non era in attesa di un nuovo invio." in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_representative_cannot_send_an_email_again(org_rep_client, failed_email):
    response = org_rep_client.post(f"/area-riservata/email/{failed_email.pk}/reinvia/")
    assert response.status_code == 403
    assert mail.outbox == []


def test_the_administration_shows_each_delivery_attempt_and_sends_again(settings, admin_client, failed_email):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False  # the superuser of admin_client has no authenticator
    response = admin_client.post(
        "/admin/core/outgoingemail/",
        {"action": "retry", "_selected_action": [failed_email.pk]},
        follow=True,
    )
    assert "1 e-mail è stata rimessa in coda." in response.content.decode()
    assert len(mail.outbox) == 1
    history = admin_client.get(f"/admin/core/outgoingemail/{failed_email.pk}/change/").content.decode()
    assert "Tentativi di invio" in history
    assert "Riuscito" in history and "Non riuscito" in history
