"""What the table decided on an agenda item, who carries it out, and the history of its progress."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange, TimeStampedModel
from meetings.models.agenda import AgendaItem
from meetings.models.minutes import MinutesStatus
from members import roles


class DecisionKind(models.TextChoices):
    ORIENTATION = "orientation", _("Orientation")
    GIUNTA_PROPOSAL = "giunta_proposal", _("Proposal to the Giunta")
    COMMITMENT = "commitment", _("Commitment")
    SERVICE_REQUEST = "service_request", _("Request to a service")


class DecisionOwner(models.TextChoices):
    SERVICE = "service", _("A municipal service")
    OFFICE = "office", _("The welfare office")
    ORGANISATIONS = "organisations", _("Member organisations")


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (DecisionStatus.PLANNED, DecisionStatus.IN_PROGRESS)


class Decision(TimeStampedModel):
    """One decision recorded in the minutes; public once the minutes are approved."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("agenda item")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    owner_kind = models.CharField(_("carried out by"), max_length=20, choices=DecisionOwner)
    owner_service = models.ForeignKey(
        "members.MunicipalService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("municipal service"),
    )
    owner_organisations = models.ManyToManyField(
        "members.Organisation", related_name="decisions", blank=True, verbose_name=_("organisations")
    )
    expected_date = models.DateField(_("expected by"), null=True, blank=True)
    themes = models.ManyToManyField(
        "members.Theme", related_name="decisions", blank=True, verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus, default=DecisionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-agenda_item__meeting__starts_at", "agenda_item__position", "pk"]
        constraints = [
            # A double submit of the form never records the same decision twice.
            models.UniqueConstraint(
                fields=["agenda_item", "title"],
                name="decision_item_title_unique",
                violation_error_message=_("This decision is already recorded for this item."),
            ),
            models.CheckConstraint(
                condition=Q(owner_kind="service", owner_service__isnull=False)
                | (~Q(owner_kind="service") & Q(owner_service__isnull=True)),
                name="decision_service_owner_has_service",
                violation_error_message=_("Choose the municipal service that carries out the decision."),
            ),
        ]
        indexes = [models.Index(fields=["status", "expected_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision", args=[self.pk])

    @property
    def is_published(self) -> bool:
        minutes = getattr(self.agenda_item.meeting, "minutes", None)
        return minutes is not None and minutes.status == MinutesStatus.APPROVED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names)."""
        return {
            DecisionStatus.PLANNED: "secondary",
            DecisionStatus.IN_PROGRESS: "primary",
            DecisionStatus.DONE: "success",
            DecisionStatus.DROPPED: "dark",
        }[self.status]

    def is_owned_by(self, user) -> bool:
        """The office owns every decision it follows; a service's referents and the owning
        organisations' active representatives own theirs."""
        if not user.is_authenticated:
            return False
        if roles.is_table_staff(user):
            return True
        if self.owner_kind == DecisionOwner.SERVICE:
            return self.owner_service is not None and self.owner_service.referents.filter(pk=user.pk).exists()
        if self.owner_kind == DecisionOwner.ORGANISATIONS:
            return self.owner_organisations.filter(
                representatives__user=user, representatives__is_active=True
            ).exists()
        return False

    def allowed_actions(self, *, user) -> frozenset[str]:
        """What the user may do to the decision now: the office edits or removes it until the minutes
        are approved; then its owners post progress updates while it is open (planned or in progress)."""
        actions: set[str] = set()
        if not self.is_published:
            if user.is_authenticated and roles.is_table_staff(user):
                actions |= {"edit", "remove"}
            return frozenset(actions)
        if self.is_open and self.is_owned_by(user):
            actions.add("update")
        return frozenset(actions)


class DecisionUpdate(StatusChange):
    """A progress update on a decision: the status it moved to, a note (the reason, for a dropped
    decision) and an optional link to the evidence."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="updates", verbose_name=_("decision")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=DecisionStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=DecisionStatus)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)

    class Meta:
        verbose_name = _("decision update")
        verbose_name_plural = _("decision updates")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.from_status or '-'} -> {self.to_status}"
