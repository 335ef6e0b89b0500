from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from core.mail import MAX_ATTEMPTS, email_enqueue, emails_deliver
from core.models import OutgoingEmail, OutgoingEmailStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _enqueue(key="k1", **overrides):
    values = {
        "to": "persona@example.org",
        "subject": "Convocazione",
        "template": "core/emails/test",
        "context": {"name": "Giulia"},
        "dedup_key": key,
    }
    values.update(overrides)
    return email_enqueue(**values)


def test_enqueued_email_is_sent_after_commit_with_attachment():
    _enqueue(attachments=[("invito.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["persona@example.org"]
    assert "Giulia" in message.body
    assert message.attachments[0][0] == "invito.ics"
    assert OutgoingEmail.objects.get().status == OutgoingEmailStatus.SENT


def test_same_dedup_key_never_sends_twice():
    assert _enqueue() is not None
    assert _enqueue() is None
    assert len(mail.outbox) == 1


def test_newlines_in_subject_cannot_inject_headers():
    _enqueue(subject="Ciao\r\nBcc: vittima@example.org")
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert "Bcc" not in message.message()


def test_failures_are_retried_with_backoff_and_then_kept_as_failed(monkeypatch):
    def broken_send(self, messages):
        raise smtplib.SMTPServerDisconnected("server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send)
    _enqueue()
    message = OutgoingEmail.objects.get()
    assert message.status == OutgoingEmailStatus.RETRYING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now() + dt.timedelta(minutes=1)
    # Nothing is due before the backoff expires.
    assert emails_deliver() == (0, 0)
    for _ in range(MAX_ATTEMPTS - 1):
        OutgoingEmail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        emails_deliver()
    message.refresh_from_db()
    assert message.status == OutgoingEmailStatus.FAILED
    assert "server down" in message.last_error


def test_delivery_is_scheduled_again_after_a_rolled_back_transaction():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue(key="lost")
        raise RuntimeError("the service failed")
    assert not OutgoingEmail.objects.filter(dedup_key="lost").exists()
    with transaction.atomic():
        _enqueue(key="a")
        _enqueue(key="b")
    assert sorted(m.to[0] for m in mail.outbox) == ["persona@example.org", "persona@example.org"]
    assert OutgoingEmail.objects.filter(status=OutgoingEmailStatus.SENT).count() == 2


@pytest.mark.django_db(transaction=False)
def test_each_captured_commit_delivers_its_own_emails(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(key="first")
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(key="second")
    assert len(mail.outbox) == 2
