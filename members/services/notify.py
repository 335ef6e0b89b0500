"""Who hears about what: e-mails sent by the members services (through the outbox)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from members.models import MembershipEvent, Organisation, Representative, User
from members.roles import Role


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def table_staff() -> list[User]:
    """Active users of the groups that run the table (Presidenza, Segreteria)."""
    groups = Group.objects.filter(name__in=[Role.PRESIDENZA.value, Role.SEGRETERIA.value])
    return list(User.objects.filter(is_active=True, groups__in=groups).distinct().order_by("pk"))


def active_representative_users(organisation: Organisation) -> list[User]:
    return [
        rep.user
        for rep in Representative.objects.filter(
            organisation=organisation, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def notify_status_change(event: MembershipEvent) -> None:
    """Tell every active representative that their organisation's status changed."""
    organisation = event.organisation
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(organisation)s: %(status)s") % {
            "organisation": organisation.name,
            "status": event.get_to_status_display(),
        }
        url = absolute(reverse("members:my_organisation", args=[organisation.pk]))
        for user in active_representative_users(organisation):
            email_enqueue(
                to=user.email,
                subject=subject,
                template="members/emails/status_changed",
                context={"organisation": organisation, "event": event, "recipient": user, "url": url},
                dedup_key=f"org-{organisation.pk}-event-{event.pk}-{user.pk}",
            )


def notify_staff(
    *,
    subject: str,
    template: str,
    context: dict[str, object],
    key: str,
    exclude: Iterable[int] = (),
    kind: str = "",
) -> None:
    """Tell the table's staff (Presidenza and Segreteria) about something that waits for them."""
    skip = set(exclude)
    for user in table_staff():
        if user.pk in skip:
            continue
        email_enqueue(
            to=user.email,
            subject=subject,
            template=template,
            context={**context, "recipient": user},
            dedup_key=f"{key}-staff-{user.pk}",
            kind=kind,
            recipient=user,
        )
