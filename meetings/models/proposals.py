"""Topics proposed by member organisations for a future agenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange, TimeStampedModel
from meetings.models.agenda import AgendaItem


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged with an agenda item")
    DEFERRED = "deferred", _("Deferred")
    DECLINED = "declined", _("Declined")


class TopicProposal(TimeStampedModel):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="topic_proposals",
        verbose_name=_("organisation"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topic_proposals",
        verbose_name=_("proposed by"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField("members.Theme", related_name="topic_proposals", verbose_name=_("themes"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus, default=ProposalStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("agenda item"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names)."""
        return {
            ProposalStatus.DECLINED: "danger",
            ProposalStatus.ACCEPTED: "success",
            ProposalStatus.MERGED: "success",
            ProposalStatus.DEFERRED: "warning",
        }.get(self.status, "primary")

    def allowed_actions(self, *, manager: bool) -> frozenset[str]:
        """What may be done to the proposal now: staff decide it while it is submitted or deferred."""
        if manager and self.status in (ProposalStatus.SUBMITTED, ProposalStatus.DEFERRED):
            actions = {"accept", "merge", "decline"}
            if self.status != ProposalStatus.DEFERRED:
                actions.add("defer")
            return frozenset(actions)
        return frozenset()


class TopicProposalEvent(StatusChange):
    """One decision on a proposal (history row)."""

    proposal = models.ForeignKey(
        TopicProposal, on_delete=models.PROTECT, related_name="events", verbose_name=_("topic proposal")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ProposalStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus)

    class Meta:
        verbose_name = _("topic proposal event")
        verbose_name_plural = _("topic proposal events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_status or '-'} -> {self.to_status}"
