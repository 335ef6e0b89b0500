"""The agenda of a meeting and the routing of each item to the competent municipal services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import row_url
from core.models import StatusChange, TimeStampedModel
from meetings.models.meeting import Meeting


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        "members.Theme", related_name="agenda_items", blank=True, verbose_name=_("themes")
    )
    proposer_organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by (organisation)"),
    )
    proposer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by (person)"),
    )
    expected_minutes = models.PositiveSmallIntegerField(
        _("expected duration (minutes)"), null=True, blank=True
    )
    chair_notes = models.TextField(
        _("notes for the chair"), blank=True, help_text=_("Visible only to the chair and the welfare office.")
    )
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What the meeting decided on this item.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_position_unique",
                violation_error_message=_("Another item already has this position in the agenda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class RoutingStatus(models.TextChoices):
    TO_REVIEW = "to_review", _("To review")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")


class RoutingSource(models.TextChoices):
    AUTOMATIC = "automatic", _("From the item's themes")
    STAFF = "staff", _("Added by the welfare office")


class Routing(TimeStampedModel):
    """An agenda item sent to a municipal service, which answers with a contribution."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="routings", verbose_name=_("agenda item")
    )
    service = models.ForeignKey(
        "members.MunicipalService",
        on_delete=models.PROTECT,
        related_name="routings",
        verbose_name=_("municipal service"),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routings",
        verbose_name=_("referent"),
    )
    due_date = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoutingStatus, default=RoutingStatus.TO_REVIEW
    )
    source = models.CharField(
        _("source"), max_length=20, choices=RoutingSource, default=RoutingSource.AUTOMATIC
    )
    contribution = models.TextField(_("contribution of the service"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        ordering = ["agenda_item", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "service"],
                name="routing_item_service_unique",
                violation_error_message=_("The item is already routed to this service."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.agenda_item.title} -> {self.service}"

    @property
    def page_url(self) -> str:
        """The routing's page in the reserved area, where its service's referents answer."""
        return row_url("meetings:routing", self.pk)

    @property
    def is_answered(self) -> bool:
        return self.status == RoutingStatus.ANSWERED

    @property
    def is_late(self) -> bool:
        return self.status != RoutingStatus.ANSWERED and self.due_date < timezone.localdate()

    @property
    def answered_on_time(self) -> bool:
        return self.answered_at is not None and timezone.localdate(self.answered_at) <= self.due_date


class RoutingStatusChange(StatusChange):
    """One change of a routing's status. A routing of a draft agenda may still be removed (the item
    withdrawn, the service taken off before it answered): its rows go with it, hence CASCADE."""

    routing = models.ForeignKey(
        Routing, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("routing")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RoutingStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RoutingStatus)

    class Meta:
        verbose_name = _("routing status change")
        verbose_name_plural = _("routing status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.routing_id}: {self.from_status or '-'} -> {self.to_status}"


class OverrideAction(models.TextChoices):
    ADDED = "added", _("Service added")
    REMOVED = "removed", _("Service removed")


class RoutingOverride(models.Model):
    """Staff changed the services computed from the themes: recorded so the choice can be explained."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("agenda item")
    )
    service = models.ForeignKey(
        "members.MunicipalService",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipal service"),
    )
    action = models.CharField(_("action"), max_length=10, choices=OverrideAction)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("routing override")
        verbose_name_plural = _("routing overrides")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.action} {self.service}"
