"""E-mails about initiatives, stored in the outbox inside the service's transaction (core.mail)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from members.models import Representative, User
from members.roles import Role
from reports.models import InitiativeEvent


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def initiative_submitted(event: InitiativeEvent) -> None:
    """Tell the table's staff that an initiative waits for validation."""
    initiative = event.initiative
    staff = User.objects.filter(
        groups__name__in=[Role.PRESIDENZA.value, Role.SEGRETERIA.value], is_active=True
    ).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Initiative to validate: %(title)s") % {"title": initiative.title}
        for user in staff:
            email_enqueue(
                to=user.email,
                subject=subject,
                template="reports/emails/initiative_submitted",
                context={
                    "initiative": initiative,
                    "recipient": user,
                    "url": _url(initiative.get_absolute_url()),
                },
                dedup_key=f"initiative-{initiative.pk}-event-{event.pk}-{user.pk}",
            )


def initiative_decided(event: InitiativeEvent) -> None:
    """Tell the lead organisation's representatives that their initiative was validated or sent back."""
    initiative = event.initiative
    representatives = Representative.objects.filter(
        organisation_id=initiative.lead_organisation_id, is_active=True, user__is_active=True
    ).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(title)s: %(status)s") % {
            "title": initiative.title,
            "status": event.get_to_status_display(),
        }
        for rep in representatives:
            email_enqueue(
                to=rep.user.email,
                subject=subject,
                template="reports/emails/initiative_decided",
                context={
                    "initiative": initiative,
                    "event": event,
                    "recipient": rep.user,
                    "url": _url(initiative.get_absolute_url()),
                    "list_url": _url(reverse("reports:initiative_list")),
                },
                dedup_key=f"initiative-{initiative.pk}-event-{event.pk}-{rep.user_id}",
            )
