"""The outbox delivers every message exactly once, whoever delivers it and whatever happens to them."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from core import mail as outbox
from core.mail import email_enqueue, emails_deliver
from core.models import DeliveryAttempt, OutgoingEmail, OutgoingEmailStatus
from tests.smtp_sink import smtp_mailers, smtp_sink

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent deliverers are tested on PostgreSQL"
)
ROOT = Path(__file__).resolve().parents[2]


def _enqueue(key: str, **overrides) -> OutgoingEmail | None:
    values = {
        "to": "persona@example.org",
        "subject": "Convocazione",
        "template": "core/emails/test",
        "context": {"name": "Giulia"},
        "dedup_key": key,
    }
    values.update(overrides)
    return email_enqueue(**values)


def _queued(count: int) -> list[int]:
    """`count` queued messages written as rows (queuing them one by one would deliver them at once)."""
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            dedup_key=f"test:{n}",
            dedup_hash=f"{n:064d}",
            to=f"persona{n}@example.org",
            subject=f"Messaggio {n}",
            body_text="Testo",
        )
        for n in range(count)
    )
    return list(OutgoingEmail.objects.order_by("pk").values_list("pk", flat=True))


# --- De-duplication ----------------------------------------------------------------------------


def test_the_key_is_stored_as_the_sha256_of_all_of_it():
    _enqueue("abc")
    # The SHA-256 test vector of "abc" (FIPS 180-2, appendix B.1).
    assert OutgoingEmail.objects.get().dedup_hash == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_a_key_longer_than_200_characters_queued_twice_is_queued_once():
    key = "meeting:7:REQUEST:0:" + "a" * 250 + "@example.org"
    assert _enqueue(key) is not None
    assert _enqueue(key) is None
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_keys_that_differ_only_after_200_characters_are_two_messages():
    prefix = "x" * 220
    assert _enqueue(prefix + ":anna@example.org", to="anna@example.org") is not None
    assert _enqueue(prefix + ":luca@example.org", to="luca@example.org") is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "luca@example.org"]


@on_postgresql
@pytest.mark.postgres
def test_the_same_message_queued_by_two_transactions_at_once_is_one_row_and_no_error():
    inserted = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = _enqueue("same-key-" + "k" * 300)
                inserted.set()
                time.sleep(1)  # the second transaction's INSERT waits on the unique index meanwhile
        except Exception as exc:
            results["first"] = exc
        finally:
            inserted.set()
            connections.close_all()

    def second() -> None:
        try:
            inserted.wait(10)
            with transaction.atomic():
                results["second"] = _enqueue("same-key-" + "k" * 300)
        except Exception as exc:
            results["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert isinstance(results["first"], OutgoingEmail)
    assert results["second"] is None
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


# --- Delivery: claims ----------------------------------------------------------------------------


def test_a_deliverer_that_starts_while_another_is_sending_takes_only_what_is_left(monkeypatch, settings):
    """Deliverer A claims a batch of 3; while it sends the first, B delivers the other 4."""
    monkeypatch.setattr(outbox, "BATCH_SIZE", 3)
    pks = _queued(7)
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    second_run: list[tuple[int, int] | None] = []

    def send_and_let_another_deliverer_run(self, messages):
        if not second_run:
            second_run.append(None)
            second_run[0] = emails_deliver()
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_and_let_another_deliverer_run)
    assert emails_deliver() == (3, 0)
    assert second_run == [(4, 0)]
    delivered = sorted(int(m.extra_headers["X-Tavolo-Message"]) for m in mail.outbox)
    assert delivered == pks
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert DeliveryAttempt.objects.filter(result="sent").count() == 7


@on_postgresql
@pytest.mark.postgres
def test_two_deliverers_at_once_send_each_of_500_messages_exactly_once(settings):
    pks = _queued(500)
    with smtp_sink() as (sink, port):
        sink.delay = 0.002  # both deliverers are still at work when the other one claims
        settings.MAILERS = smtp_mailers(port)
        start = threading.Barrier(2)
        counts: dict[str, tuple[int, int] | Exception] = {}

        def deliverer(name: str) -> None:
            try:
                start.wait(10)
                counts[name] = emails_deliver()
            except Exception as exc:
                counts[name] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=deliverer, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        received = sink.ids()
    sent_a, failed_a = counts["a"]
    sent_b, failed_b = counts["b"]
    assert (failed_a, failed_b) == (0, 0)
    assert sent_a > 0 and sent_b > 0  # both took part
    assert sent_a + sent_b == 500
    assert len(received) == 500
    assert sorted(int(pk) for pk in received) == pks  # each one, once
    assert OutgoingEmail.objects.filter(status=OutgoingEmailStatus.SENT).count() == 500
    assert DeliveryAttempt.objects.count() == 500
    # 500 messages in batches of 200: at least 3 batches, one SMTP session each, never one a message.
    assert 3 <= sink.sessions <= 4


# --- Delivery: a deliverer that dies mid-send ------------------------------------------------------


class _Killed(BaseException):
    """What the process sees of SIGKILL: nothing after this line runs (no except Exception)."""


def test_a_message_interrupted_mid_send_is_retried_once_its_claim_expires(monkeypatch, settings):
    [pk] = _queued(1)
    from django.core.mail.backends.locmem import EmailBackend

    def die(self, messages):
        raise _Killed

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", die)
        with pytest.raises(_Killed):
            emails_deliver()
    message = OutgoingEmail.objects.get()
    assert message.status == OutgoingEmailStatus.SENDING
    assert message.attempts == 1
    assert list(message.delivery_attempts.values_list("result", flat=True)) == ["sending"]

    # While the dead deliverer's claim lasts, nobody else sends the message.
    assert emails_deliver() == (0, 0)
    assert mail.outbox == []

    OutgoingEmail.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert emails_deliver() == (1, 0)
    assert [m.extra_headers["X-Tavolo-Message"] for m in mail.outbox] == [str(pk)]
    message.refresh_from_db()
    assert message.status == OutgoingEmailStatus.SENT
    assert message.attempts == 2
    assert list(message.delivery_attempts.values_list("result", flat=True)) == ["interrupted", "sent"]


def test_a_message_that_kills_every_deliverer_ends_as_failed(monkeypatch):
    _queued(1)
    from django.core.mail.backends.locmem import EmailBackend

    def die(self, messages):
        raise _Killed

    monkeypatch.setattr(EmailBackend, "send_messages", die)
    for _ in range(5):
        with pytest.raises(_Killed):
            emails_deliver()
        OutgoingEmail.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert emails_deliver() == (0, 1)
    message = OutgoingEmail.objects.get()
    assert message.status == OutgoingEmailStatus.FAILED
    assert message.last_error == "Interrupted: every attempt stopped before its result."
    assert list(message.delivery_attempts.values_list("result", flat=True)) == ["interrupted"] * 5


@on_postgresql
@pytest.mark.postgres
def test_a_killed_deliverer_process_leaves_its_message_to_the_next_one(settings):
    pks = _queued(3)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": "insecure-test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost",
        "TASKS_BACKEND": "immediate",
    }
    with smtp_sink() as (sink, port):
        sink.hold = {str(pks[1])}
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "send_emails"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert sink.holding.wait(60), "the deliverer never reached the second message"
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
        assert sink.ids() == [str(pks[0])]
        statuses = dict(OutgoingEmail.objects.values_list("pk", "status"))
        assert statuses == {pks[0]: "sent", pks[1]: "sending", pks[2]: "sending"}
        held = OutgoingEmail.objects.get(pk=pks[1])
        assert held.attempts == 1
        assert list(held.delivery_attempts.values_list("result", flat=True)) == ["sending"]

        settings.MAILERS = smtp_mailers(port)
        sink.hold = set()
        sink.release()
        assert emails_deliver() == (0, 0)  # the dead process's claim still holds
        OutgoingEmail.objects.filter(status="sending").update(
            claimed_until=timezone.now() - dt.timedelta(seconds=1)
        )
        assert emails_deliver() == (2, 0)
        assert sink.ids() == [str(pks[0]), str(pks[1]), str(pks[2])]
    held.refresh_from_db()
    assert held.status == OutgoingEmailStatus.SENT
    assert held.attempts == 2
    assert list(held.delivery_attempts.values_list("result", flat=True)) == ["interrupted", "sent"]
    never_started = OutgoingEmail.objects.get(pk=pks[2])
    assert never_started.attempts == 1
    assert list(never_started.delivery_attempts.values_list("result", flat=True)) == ["sent"]
