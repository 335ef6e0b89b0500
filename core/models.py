"""Abstract building blocks shared by every app of the portal."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@functools.cache
def _choice_labels(field: models.Field) -> dict:
    """A field's choices as {value: label}, labels still lazy (translated when read): built once per
    field instead of at each `get_FOO_display()` call."""
    return dict(make_hashable(field.flatchoices))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """Django's `get_FOO_display()`, the same answer, without hashing every choice's label at each
        call (a list of cards asked it ~40 µs a time)."""
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # a value that cannot be a key (a list of a JSON field): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class OutgoingEmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")


class OutgoingEmail(TimeStampedModel):
    """An e-mail the portal must deliver: stored first, so that none disappears silently.

    `dedup_hash` (SHA-256 of the full `dedup_key`) makes queuing idempotent: a message already queued
    for the same purpose and recipient is never queued twice, however long its key. A deliverer owns a
    message while `claim_token` is its own and `claimed_until` has not passed.
    """

    dedup_key = models.TextField(_("deduplication key"))
    dedup_hash = models.CharField(_("deduplication hash"), max_length=64, unique=True)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    reply_to = models.EmailField(_("reply to"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutgoingEmailStatus, default=OutgoingEmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim_token = models.UUIDField(_("claimed by"), null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Extra headers of this message (List-Unsubscribe of an optional e-mail), added when it is built.
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class DeliveryAttemptResult(models.TextChoices):
    SENDING = "sending", _("In progress")
    SENT = "sent", pgettext_lazy("delivery attempt", "Sent")
    FAILED = "failed", pgettext_lazy("delivery attempt", "Failed")
    INTERRUPTED = "interrupted", _("Interrupted")


class DeliveryAttempt(models.Model):
    """One try at handing an e-mail to the SMTP server, written before the message is sent.

    A row still "in progress" when another deliverer claims the message again records a deliverer
    that died mid-send; it is closed as interrupted, and the retry gets its own row.
    """

    email = models.ForeignKey(
        OutgoingEmail, on_delete=models.CASCADE, related_name="delivery_attempts", verbose_name=_("e-mail")
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=DeliveryAttemptResult, default=DeliveryAttemptResult.SENDING
    )
    error = models.TextField(_("error"), blank=True)
    claim_token = models.UUIDField(_("deliverer"), editable=False)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.email_id} {self.started_at:%Y-%m-%d %H:%M:%S} {self.result}"


class StatusChange(models.Model):
    """A row of history: one change of an object's status, with who, when and why.

    Concrete models add the object they describe and `from_status`/`to_status` with their own
    choices. History is data: the annual report counts these rows, never only current statuses.
    """

    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class FormSubmission(models.Model):
    """A form submission already received: its one-time token, so that a second click does nothing.

    The unique token makes the claim atomic across processes (two concurrent requests cannot both
    insert it); `location` is where the first submission led, empty while it is being processed.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    location = models.CharField(_("location"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token


class Notification(models.Model):
    """Something that concerns one person, shown in their reserved area until they read it.

    `kind` is one of the e-mail kinds the apps declare (core.notifications); `text` is already in the
    portal's language, short; `url` is the page to open. `key` makes creating it idempotent per person.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_recipient",
                violation_error_message=_("This notification has already been given to this person."),
            )
        ]
        # The unread count of the navigation and the list of the page: both start from the recipient.
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailOptOut(models.Model):
    """A person does not want the optional e-mails of one kind (the in-app notification still comes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail switched off")
        verbose_name_plural = _("e-mails switched off")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="email_opt_out_once",
                violation_error_message=_("This kind of e-mail is already switched off for this person."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
