"""The portal's outbox: every e-mail is stored, then sent in batches by a task.

Apps call `email_enqueue(...)` inside their service's transaction. The row is the record that the
message exists; the task delivers queued rows over one SMTP connection per batch, retries failures
with exponential backoff and, after the last attempt, leaves them FAILED where staff can see them.

Several deliverers may run at once (the task worker after each commit, cron's `send_emails`, a second
worker): each message is claimed before it is sent, so exactly one of them sends it. On PostgreSQL a
deliverer takes its batch with `SELECT ... FOR UPDATE SKIP LOCKED`, so deliverers share the queue
instead of waiting for each other; elsewhere (SQLite) the claim is one conditional UPDATE, which the
database serialises. Every message is claimed again, by token, just before it is sent, and the attempt
is written before the SMTP conversation starts: a deliverer killed mid-send leaves a claim that expires
after `TAVOLO_EMAIL_CLAIM_SECONDS` and an attempt "in progress" that the next deliverer closes as
interrupted before trying again.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import threading
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import DeliveryAttempt, DeliveryAttemptResult, OutgoingEmail, OutgoingEmailStatus
from core.notifications import is_optional, unsubscribe_headers, wants_email

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 200


def _single_line(value: str) -> str:
    """Subjects come partly from user input: a newline must never become a header."""
    return " ".join(str(value).split())[:250]


def dedup_hash(key: str) -> str:
    """The stored form of a de-duplication key: the SHA-256 of all of it, whatever its length."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def email_enqueue(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, object],
    dedup_key: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    reply_to: str = "",
    calendar: tuple[str, bytes, str] | None = None,
    kind: str = "",
    recipient: AbstractBaseUser | None = None,
) -> OutgoingEmail | None:
    """Store an e-mail rendered from `<template>.txt` (+ `.html`); None if the key was used already,
    or if the e-mail is of an optional `kind` that the recipient switched off.

    An e-mail of an optional kind (core.notifications) carries List-Unsubscribe with a signed one-click
    link for its recipient (`recipient`, or the active account with the address `to`); a mandatory
    kind, or no kind, carries none and is always sent.

    `calendar` is (filename, iCalendar bytes, METHOD): sent the way calendar servers send events, as
    a `text/calendar; method=...` alternative of the body (Outlook shows an event, not a file), and
    attached as an `.ics` file as well for the clients that only read attachments.
    """
    key_hash = dedup_hash(dedup_key)
    if OutgoingEmail.objects.filter(dedup_hash=key_hash).exists():
        return None
    headers: dict[str, str] = {}
    if is_optional(kind):
        person = recipient or _account_for(to)
        if person is not None:
            if not wants_email(person, kind):
                return None
            headers = unsubscribe_headers(person.pk, kind)
    full_context = {
        "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
        "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
        "SITE_URL": settings.SITE_URL,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        body_text = render_to_string(f"{template}.txt", full_context)
        subject_line = _single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}")
        try:
            body_html = render_to_string(f"{template}.html", full_context)
        except TemplateDoesNotExist:
            # Every e-mail has an HTML part in the portal's style: the text, links made clickable.
            # The text is plain text, not HTML: render_to_string marks it safe, so it is handed over
            # as a plain str, which the layout escapes (a title typed as <script> stays text).
            body_html = render_to_string(
                "core/emails/layout.html",
                {**full_context, "body_text": str.__str__(body_text), "subject": subject_line},
            )
    # get_or_create inserts in a savepoint and reads the row back on a unique violation: two
    # transactions queuing the same message at once end with one row and no error.
    message, created = OutgoingEmail.objects.get_or_create(
        dedup_hash=key_hash,
        defaults={
            "dedup_key": dedup_key,
            "to": to,
            "subject": subject_line,
            "body_text": body_text,
            "body_html": body_html,
            "reply_to": reply_to,
            "attachments": _stored_attachments(attachments, calendar),
            "headers": headers,
        },
    )
    if not created:
        return None
    _schedule_delivery()
    return message


def email_keep(message: mail.EmailMessage, *, dedup_key: str) -> OutgoingEmail | None:
    """Store an e-mail built elsewhere (allauth's account e-mails) that the mail server refused: the
    outbox sends it again with its retries, as any of the portal's own. None if the key was used."""
    html = next(
        (body for body, mimetype in getattr(message, "alternatives", ()) if mimetype == "text/html"), ""
    )
    stored, created = OutgoingEmail.objects.get_or_create(
        dedup_hash=dedup_hash(dedup_key),
        defaults={
            "dedup_key": dedup_key,
            "to": message.to[0],
            "subject": _single_line(str(message.subject)),
            "body_text": str(message.body),
            "body_html": str(html),
            "reply_to": message.reply_to[0] if message.reply_to else "",
            "attachments": [],
            "headers": {},
        },
    )
    if not created:
        return None
    _schedule_delivery()
    return stored


def _account_for(address: str) -> AbstractBaseUser | None:
    """The active account whose address this is (an optional e-mail's choice is that person's)."""
    return get_user_model().objects.filter(email__iexact=address, is_active=True).order_by("pk").first()


def _stored_attachments(
    attachments: Sequence[tuple[str, bytes, str]], calendar: tuple[str, bytes, str] | None
) -> list[dict[str, object]]:
    stored: list[dict[str, object]] = []
    if calendar is not None:
        name, content, method = calendar
        encoded = base64.b64encode(content).decode("ascii")
        stored.append(
            {
                "filename": name,
                "content": encoded,
                "mimetype": f"text/calendar; method={method}; charset=utf-8",
                "alternative": True,
            }
        )
        stored.append({"filename": name, "content": encoded, "mimetype": "application/ics"})
    stored.extend(
        {"filename": name, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
        for name, content, mimetype in attachments
    )
    return stored


_commits = threading.local()


class _Delivery:
    """The on-commit callback that starts delivery, once per commit however many e-mails it queued.

    Each callback remembers the thread's commit generation when it was registered; the first one to
    run starts delivery and moves the generation on, so the others of the same commit stand down. A
    delivery started after a commit picks up everything that commit queued. Callbacks of a rolled-back
    transaction never run, so nothing stays "scheduled" after a rollback.
    """

    def __init__(self) -> None:
        self.generation = getattr(_commits, "generation", 0)

    def __call__(self) -> None:
        if self.generation != getattr(_commits, "generation", 0):
            return
        _commits.generation = self.generation + 1
        from core.tasks import deliver_emails

        deliver_emails.enqueue()


def _schedule_delivery() -> None:
    transaction.on_commit(_Delivery())


def _site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _build(message: OutgoingEmail, connection) -> mail.EmailMultiAlternatives:
    email = mail.EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        connection=connection,
        headers={
            "X-Tavolo-Message": str(message.pk),
            # RFC 3834: no vacation auto-reply should answer the portal.
            "Auto-Submitted": "auto-generated",
            # The same Message-ID on every attempt, on the site's domain: a message sent again after an
            # interrupted attempt is recognisably the same message.
            "Message-ID": f"<tavolo.{message.pk}.{message.dedup_hash[:16]}@{_site_domain()}>",
            # List-Unsubscribe and List-Unsubscribe-Post of an optional e-mail (RFC 2369, RFC 8058).
            **message.headers,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        content = base64.b64decode(attachment["content"])
        if attachment.get("alternative"):
            email.attach_alternative(content.decode("utf-8"), attachment["mimetype"])
        else:
            email.attach(attachment["filename"], content, attachment["mimetype"])
    return email


def _claim_seconds() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TAVOLO_EMAIL_CLAIM_SECONDS)


def _due(now: dt.datetime) -> Q:
    return (
        Q(status=OutgoingEmailStatus.QUEUED)
        | Q(status=OutgoingEmailStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=OutgoingEmailStatus.SENDING, claimed_until__lte=now)
    )


def due_emails(now: dt.datetime | None = None) -> QuerySet[OutgoingEmail]:
    """Messages waiting to be sent: queued, whose retry is due, or whose deliverer's claim expired."""
    return OutgoingEmail.objects.filter(_due(now or timezone.now())).order_by("pk")


def _claim_batch(*, token: uuid.UUID, size: int) -> tuple[list[OutgoingEmail], set[int]]:
    """Take up to `size` due messages for this deliverer; return them and those found interrupted."""
    now = timezone.now()
    claim = {
        "status": OutgoingEmailStatus.SENDING,
        "claim_token": token,
        "claimed_until": now + _claim_seconds(),
    }
    with transaction.atomic():
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            # Rows another deliverer is claiming right now are skipped, not waited for.
            pks = list(
                due_emails(now).select_for_update(skip_locked=True).values_list("pk", flat=True)[:size]
            )
            if not pks:
                return [], set()
            OutgoingEmail.objects.filter(pk__in=pks).update(**claim, updated_at=now)
        else:
            # One UPDATE statement: SQLite runs it while holding the database's write lock.
            chosen = due_emails(now).values("pk")[:size]
            if not OutgoingEmail.objects.filter(_due(now), pk__in=chosen).update(**claim, updated_at=now):
                return [], set()
        # An attempt still in progress belongs to a deliverer that died before recording its result.
        open_attempts = DeliveryAttempt.objects.filter(
            email__claim_token=token, result=DeliveryAttemptResult.SENDING
        )
        interrupted = set(open_attempts.values_list("email_id", flat=True))
        if interrupted:
            open_attempts.update(
                result=DeliveryAttemptResult.INTERRUPTED,
                finished_at=now,
                error="The deliverer stopped before recording the result.",
            )
    batch = list(
        OutgoingEmail.objects.filter(claim_token=token, status=OutgoingEmailStatus.SENDING).order_by("pk")
    )
    return batch, interrupted


def _attempt_start(message: OutgoingEmail, token: uuid.UUID) -> DeliveryAttempt | None:
    """Renew this deliverer's claim and record the attempt; None if the message is no longer ours."""
    now = timezone.now()
    with transaction.atomic():
        mine = OutgoingEmail.objects.filter(
            pk=message.pk, claim_token=token, status=OutgoingEmailStatus.SENDING
        ).update(attempts=F("attempts") + 1, claimed_until=now + _claim_seconds(), updated_at=now)
        if not mine:
            return None
        message.attempts += 1
        return DeliveryAttempt.objects.create(email=message, claim_token=token, started_at=now)


def _attempt_sent(message: OutgoingEmail, attempt: DeliveryAttempt) -> None:
    now = timezone.now()
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=message.pk, claim_token=attempt.claim_token).update(
            status=OutgoingEmailStatus.SENT,
            sent_at=now,
            last_error="",
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
            updated_at=now,
        )
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            result=DeliveryAttemptResult.SENT, finished_at=now
        )


def _attempt_failed(
    message: OutgoingEmail, attempt: DeliveryAttempt | None, token: uuid.UUID, error: str
) -> None:
    now = timezone.now()
    error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        status, next_attempt_at = OutgoingEmailStatus.FAILED, None
    else:
        # 2, 4, 8, 16 minutes: an SMTP server that is down for a while is waited for.
        status = OutgoingEmailStatus.RETRYING
        next_attempt_at = now + dt.timedelta(minutes=2**message.attempts)
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=message.pk, claim_token=token).update(
            status=status,
            last_error=error,
            next_attempt_at=next_attempt_at,
            claim_token=None,
            claimed_until=None,
            updated_at=now,
        )
        if attempt is not None:
            DeliveryAttempt.objects.filter(pk=attempt.pk).update(
                result=DeliveryAttemptResult.FAILED, finished_at=now, error=error
            )
    message.status = status


def _deliver_batch(batch: list[OutgoingEmail], interrupted: set[int], token: uuid.UUID) -> tuple[int, int]:
    sent = failed = 0
    sendable = []
    for message in batch:
        if message.pk in interrupted and message.attempts >= MAX_ATTEMPTS:
            # A message whose every attempt was cut short (it may crash the deliverer) stops here.
            _attempt_failed(message, None, token, "Interrupted: every attempt stopped before its result.")
            failed += 1
        else:
            sendable.append(message)
    if not sendable:
        return sent, failed
    connection = mail.mailers.default
    try:
        connection.open()
    except Exception as exc:  # the whole batch waits for the next attempt
        logger.warning("SMTP connection failed: %s", exc)
        for message in sendable:
            attempt = _attempt_start(message, token)
            if attempt is not None:
                _attempt_failed(message, attempt, token, f"{type(exc).__name__}: {exc}")
                failed += 1
        return sent, failed
    try:
        for message in sendable:
            attempt = _attempt_start(message, token)
            if attempt is None:
                continue
            try:
                _build(message, connection).send()
            except Exception as exc:
                logger.warning("E-mail %s to %s failed: %s", message.pk, message.to, exc)
                _attempt_failed(message, attempt, token, f"{type(exc).__name__}: {exc}")
                failed += 1
            else:
                _attempt_sent(message, attempt)
                sent += 1
    finally:
        connection.close()
    return sent, failed


def emails_deliver(*, limit: int | None = None) -> tuple[int, int]:
    """Claim and send what is due, one SMTP connection per batch; return (sent, failed) counts."""
    token = uuid.uuid4()
    sent = failed = 0
    while limit is None or sent + failed < limit:
        size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - sent - failed)
        batch, interrupted = _claim_batch(token=token, size=size)
        if not batch:
            break
        batch_sent, batch_failed = _deliver_batch(batch, interrupted, token)
        sent += batch_sent
        failed += batch_failed
    return sent, failed


def email_retry(*, message: OutgoingEmail) -> bool:
    """Put a failed or waiting e-mail back in the queue (staff action); False if it was not waiting."""
    now = timezone.now()
    with transaction.atomic():
        requeued = OutgoingEmail.objects.filter(
            pk=message.pk, status__in=[OutgoingEmailStatus.FAILED, OutgoingEmailStatus.RETRYING]
        ).update(status=OutgoingEmailStatus.QUEUED, next_attempt_at=None, updated_at=now)
        if requeued:
            _schedule_delivery()
    return bool(requeued)
