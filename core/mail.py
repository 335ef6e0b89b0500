"""The portal's outbox: every e-mail is stored, then sent in batches by a task.

Apps call `email_enqueue(...)` inside their service's transaction. The row is the record that the
message exists; the task delivers queued rows over one SMTP connection per batch, retries failures
with exponential backoff and, after the last attempt, leaves them FAILED where staff can see them.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import OutgoingEmail, OutgoingEmailStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 200


def _single_line(value: str) -> str:
    """Subjects come partly from user input: a newline must never become a header."""
    return " ".join(str(value).split())[:250]


def email_enqueue(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, object],
    dedup_key: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    reply_to: str = "",
) -> OutgoingEmail | None:
    """Store an e-mail rendered from `<template>.txt` (+ `.html`); None if the key was used already."""
    if OutgoingEmail.objects.filter(dedup_key=dedup_key).exists():
        return None
    full_context = {
        "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
        "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
        "SITE_URL": settings.SITE_URL,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        body_text = render_to_string(f"{template}.txt", full_context)
        try:
            body_html = render_to_string(f"{template}.html", full_context)
        except TemplateDoesNotExist:
            body_html = ""
        subject_line = _single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}")
    message = OutgoingEmail.objects.create(
        dedup_key=dedup_key[:200],
        to=to,
        subject=subject_line,
        body_text=body_text,
        body_html=body_html,
        reply_to=reply_to,
        attachments=[
            {"filename": name, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
            for name, content, mimetype in attachments
        ],
    )
    _schedule_delivery()
    return message


class _Delivery:
    """The on-commit callback that starts delivery; it remembers whether it has run."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        self.done = True
        from core.tasks import deliver_emails

        deliver_emails.enqueue()


def _schedule_delivery() -> None:
    """Deliver after commit, once per transaction however many e-mails it queued.

    Django's own list of pending callbacks is the state: a rolled-back savepoint drops its callbacks,
    so nothing can stay "scheduled" after a rollback.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(func, _Delivery) and not func.done for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_Delivery())


def _build(message: OutgoingEmail, connection) -> mail.EmailMultiAlternatives:
    email = mail.EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        connection=connection,
        headers={"X-Tavolo-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return email


def due_emails(now: dt.datetime | None = None) -> Iterable[OutgoingEmail]:
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmailStatus.QUEUED)
        | Q(status=OutgoingEmailStatus.RETRYING, next_attempt_at__lte=now)
    ).order_by("pk")


def emails_deliver(*, limit: int | None = None) -> tuple[int, int]:
    """Send what is due, one SMTP connection per batch; return (sent, failed) counts."""
    sent = failed = 0
    due = due_emails().values_list("pk", flat=True)
    pending = list(due[:limit] if limit else due)
    for start in range(0, len(pending), BATCH_SIZE):
        chunk = pending[start : start + BATCH_SIZE]
        batch = list(OutgoingEmail.objects.filter(pk__in=chunk).order_by("pk"))
        connection = mail.mailers.default
        try:
            connection.open()
        except Exception as exc:  # the whole batch waits for the next attempt
            logger.warning("SMTP connection failed: %s", exc)
            for message in batch:
                _record_failure(message, exc)
            failed += len(batch)
            continue
        try:
            for message in batch:
                try:
                    _build(message, connection).send()
                except Exception as exc:
                    logger.warning("E-mail %s to %s failed: %s", message.pk, message.to, exc)
                    _record_failure(message, exc)
                    failed += 1
                else:
                    message.status = OutgoingEmailStatus.SENT
                    message.sent_at = timezone.now()
                    message.attempts += 1
                    message.last_error = ""
                    message.save(update_fields=["status", "sent_at", "attempts", "last_error", "updated_at"])
                    sent += 1
        finally:
            connection.close()
    return sent, failed


def _record_failure(message: OutgoingEmail, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutgoingEmailStatus.FAILED
        message.next_attempt_at = None
    else:
        message.status = OutgoingEmailStatus.RETRYING
        # 2, 4, 8, 16 minutes: an SMTP server that is down for a while is waited for.
        message.next_attempt_at = timezone.now() + dt.timedelta(minutes=2**message.attempts)
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "updated_at"])


def email_retry(*, message: OutgoingEmail) -> None:
    """Put a failed e-mail back in the queue (staff action)."""
    message.status = OutgoingEmailStatus.QUEUED
    message.next_attempt_at = None
    message.save(update_fields=["status", "next_attempt_at", "updated_at"])
    _schedule_delivery()
