"""Who is who for the meetings app: members, viewers of members-only meetings, e-mail recipients."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from meetings.models import (
    Meeting,
    Routing,
)
from members import roles
from members import selectors as member_selectors
from members.models import Representative, User


def active_representatives() -> QuerySet[Representative]:
    """Active representatives of active organisations, with user and organisation."""
    return member_selectors.active_representatives()


def is_member_viewer(user: User) -> bool:
    """Signed-in people who may see members-only meetings: staff, service referents, representatives."""
    if not user.is_authenticated:
        return False
    return (
        roles.is_table_staff(user)
        or roles.is_service_referent(user)
        or bool(member_selectors.member_organisations_acted_for(user))
    )


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def _dedupe(pairs) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for email, first, last in pairs:
        if email and email.lower() not in seen:
            seen[email.lower()] = Recipient(email=email, name=f"{first} {last}".strip())
    return list(seen.values())


def member_recipients() -> list[Recipient]:
    return _dedupe(
        active_representatives()
        .order_by("user__email")
        .values_list("user__email", "user__first_name", "user__last_name")
    )


def organisation_recipients(organisation_pk: int) -> list[Recipient]:
    """The active representatives of one organisation (a convocation sent to a new member)."""
    return _dedupe(
        active_representatives()
        .filter(organisation_id=organisation_pk)
        .order_by("user__email")
        .values_list("user__email", "user__first_name", "user__last_name")
    )


def notice_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone a convocation goes to: the chair (the Assessore chairs every meeting), the active
    representatives and the referents of the routed services."""
    referents = (
        Routing.objects.filter(agenda_item__meeting=meeting, referent__isnull=False, referent__is_active=True)
        .order_by("referent__email")
        .values_list("referent__email", "referent__first_name", "referent__last_name")
    )
    reps = (
        active_representatives()
        .order_by("user__email")
        .values_list("user__email", "user__first_name", "user__last_name")
    )
    chair = [(user.email, user.first_name, user.last_name) for user in member_selectors.chairs()]
    return _dedupe([*chair, *reps, *referents])


def meeting_for_notice(pk: int) -> Meeting | None:
    return Meeting.objects.filter(pk=pk).prefetch_related("agenda_items").first()


def last_status_reason(meeting: Meeting) -> str:
    change = meeting.status_changes.order_by("-at", "-pk").first()
    return change.reason if change else ""
