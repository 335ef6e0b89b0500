"""The minutes of a meeting, members' comments on the draft, and attached documents."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange, TimeStampedModel
from meetings.models.meeting import Meeting


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN_FOR_COMMENTS = "open_for_comments", _("Open for comments")
    APPROVED = "approved", _("Approved")


class Minutes(TimeStampedModel):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    general_notes = models.TextField(_("general notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus, default=MinutesStatus.DRAFT)
    comments_until = models.DateField(_("comments accepted until"), null=True, blank=True)
    # The office may close the comment window before its date, on purpose; the meeting page says so.
    comments_closed_early_at = models.DateTimeField(_("comments closed early at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"

    @property
    def accepts_comments(self) -> bool:
        return (
            self.status == MinutesStatus.OPEN_FOR_COMMENTS
            and self.comments_closed_early_at is None
            and (self.comments_until is None or timezone.localdate() <= self.comments_until)
        )

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @property
    def is_draft(self) -> bool:
        return self.status == MinutesStatus.DRAFT

    def allowed_actions(self, *, manager: bool) -> frozenset[str]:
        """What may be done to the minutes now: staff (`manager`) write, send for comments, attach
        and approve until approval; members comment while comments are open (the clock decides).
        Approval waits for the comment window to end, unless the office closes it early."""
        actions: set[str] = set()
        if self.accepts_comments:
            actions.add("comment")
        if manager and not self.is_approved:
            actions |= {"edit", "attach"}
            if self.is_draft:
                actions.add("open_for_comments")
            if self.accepts_comments:
                actions.add("close_comments")
            elif self.meeting.status == "held":
                actions.add("approve")
        return frozenset(actions)


class MinutesStatusChange(StatusChange):
    """One move of the minutes between draft, open for comments and approved: who, when, why."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("minutes")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=MinutesStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=MinutesStatus)

    class Meta:
        verbose_name = _("minutes status change")
        verbose_name_plural = _("minutes status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.minutes_id}: {self.from_status or '-'} -> {self.to_status}"


class MinutesComment(models.Model):
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="comments", verbose_name=_("minutes")
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:40]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name in a private folder: the uploader's file name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"private/meetings/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("minutes")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
