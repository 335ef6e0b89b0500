"""Personal data held by the members app about one person, and their erasure.

The account itself (name, e-mail, consents) is handled by members.account_privacy. Here: the organisations a
person represents or represented, their requests and invitations, and the municipal services they
refer for. Erasure ends the representations and clears free text written by the person, but keeps
the rows, so that organisations' histories and the annual report's figures do not change.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from members.models import DelegateInvitation, MembershipEvent, RepresentationRequest, Representative, User


def personal_data(user: User) -> dict:
    return {
        "representations": [
            {
                "organisation": r.organisation.name,
                "role_in_organisation": r.role_in_organisation,
                "primary": r.is_primary,
                "active": r.is_active,
                "since": r.created_at.isoformat(),
                "ended_at": r.ended_at.isoformat() if r.ended_at else None,
            }
            for r in Representative.objects.filter(user=user)
            .select_related("organisation")
            .order_by("created_at")
        ],
        "representation_requests": [
            {
                "organisation": r.organisation.name,
                "role_in_organisation": r.role_in_organisation,
                "message": r.message,
                "status": r.status,
                "sent_at": r.created_at.isoformat(),
            }
            for r in RepresentationRequest.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "sent_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in DelegateInvitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        "invitations_sent": [
            {"organisation": i.organisation.name, "email": i.email, "sent_at": i.created_at.isoformat()}
            for i in DelegateInvitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "membership_changes_made": MembershipEvent.objects.filter(by=user).count(),
        "municipal_services": sorted(user.municipal_services.values_list("name", flat=True)),
    }


@transaction.atomic
def anonymise(user: User) -> None:
    """End the person's representations and erase what they wrote; histories and counts stay."""
    now = timezone.now()
    Representative.objects.filter(user=user, is_active=True).update(
        is_active=False, is_primary=False, ended_at=now, updated_at=now
    )
    Representative.objects.filter(user=user).update(role_in_organisation="")
    RepresentationRequest.objects.filter(user=user).update(message="", role_in_organisation="")
    RepresentationRequest.objects.filter(user=user, status="pending").update(
        status="rejected", decided_at=now
    )
    DelegateInvitation.objects.filter(email__iexact=user.email).update(
        email=f"deleted-{user.pk}@invalid", revoked_at=now
    )
    user.municipal_services.clear()
