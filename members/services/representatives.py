"""Representatives: delegate invitations by e-mail, leaving, handing over the primary role."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.mail import email_enqueue
from members.models import DelegateInvitation, Organisation, OrganisationStatus, Representative, User
from members.permissions import can_manage_representatives
from members.roles import Role, grant_role
from members.services.errors import MembershipError
from members.services.notify import absolute

INVITATION_MAX_AGE = dt.timedelta(days=7)
_SALT = "members.delegate-invitation"


def invitation_token(invitation: DelegateInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=_SALT)


def invitation_valid_until(invitation: DelegateInvitation) -> dt.datetime:
    """When the link stops working (it is signed when the invitation is created)."""
    return invitation.created_at + INVITATION_MAX_AGE


def invitation_from_token(token: str) -> DelegateInvitation:
    """The invitation a link points to, if the link is genuine, not expired, not used and not revoked."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise MembershipError(_("This invitation has expired: ask for a new one.")) from None
    except signing.BadSignature:
        raise MembershipError(_("This invitation link is not valid.")) from None
    invitation = (
        DelegateInvitation.objects.select_related("organisation")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise MembershipError(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise MembershipError(_("This invitation has already been used."))
    return invitation


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, by: User, email: str, role_in_organisation: str = ""
) -> DelegateInvitation:
    """The primary representative (or staff) invites a delegate by e-mail; the link expires in 7 days."""
    if not can_manage_representatives(by, organisation):
        raise MembershipError(_("Only the primary representative or the table's staff can invite delegates."))
    if not organisation.takes_part:
        raise MembershipError(_("This organisation is not part of the table at the moment."))
    email = email.strip().lower()
    if Representative.objects.filter(
        organisation=organisation, user__email__iexact=email, is_active=True
    ).exists():
        raise MembershipError(_("This person already represents the organisation."), field="email")
    invitation = DelegateInvitation(
        organisation=organisation,
        email=email,
        role_in_organisation=role_in_organisation.strip(),
        invited_by=by,
    )
    invitation.full_clean()
    invitation.save()
    url = absolute(reverse("members:invitation_accept", args=[invitation_token(invitation)]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Invitation to represent %(organisation)s") % {"organisation": organisation.name}
    email_enqueue(
        to=email,
        subject=subject,
        template="members/emails/invitation",
        context={
            "organisation": organisation,
            "invitation": invitation,
            "inviter": by,
            "url": url,
            "days": INVITATION_MAX_AGE.days,
        },
        dedup_key=f"invitation-{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: DelegateInvitation, by: User) -> None:
    """Withdraw an invitation that has not been accepted yet."""
    if not can_manage_representatives(by, invitation.organisation):
        raise MembershipError(_("You are not allowed to do this for this organisation."))
    if invitation.accepted_at is not None:
        raise MembershipError(_("This invitation has already been used."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def invitation_accept(*, invitation: DelegateInvitation, user: User) -> Representative:
    """The invited person, signed in with the invited address, becomes a delegate."""
    invitation = (
        DelegateInvitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise MembershipError(_("This invitation has already been used."))
    if user.email.strip().lower() != invitation.email.lower():
        raise MembershipError(
            _("This invitation was sent to %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    if not invitation.organisation.takes_part:
        raise MembershipError(_("This organisation is not part of the table at the moment."))
    rep = Representative.objects.filter(
        organisation=invitation.organisation, user=user, is_active=True
    ).first()
    if rep is None:
        rep = Representative(
            user=user,
            organisation=invitation.organisation,
            role_in_organisation=invitation.role_in_organisation,
        )
        rep.full_clean()
        rep.save()
    grant_role(user, Role.REPRESENTATIVE)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return rep


@transaction.atomic
def representative_leave(*, representative: Representative, by: User) -> None:
    """A representative stops acting for the organisation (themselves, or removed by staff/primary)."""
    rep = (
        Representative.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=representative.pk)
    )
    organisation = rep.organisation
    if not rep.is_active:
        raise MembershipError(_("This person no longer represents the organisation."))
    if by.pk != rep.user_id and not can_manage_representatives(by, organisation):
        raise MembershipError(_("You are not allowed to do this for this organisation."))
    if rep.is_primary:
        raise MembershipError(
            _(
                "The primary representative cannot leave before handing the role over to another "
                "representative."
            )
        )
    others = Representative.objects.filter(organisation=organisation, is_active=True).exclude(pk=rep.pk)
    if organisation.status == OrganisationStatus.ACTIVE and not others.exists():
        raise MembershipError(_("A member organisation must keep at least one active representative."))
    rep.is_active, rep.ended_at = False, timezone.now()
    rep.save(update_fields=["is_active", "ended_at", "updated_at"])
    representative.is_active, representative.ended_at = rep.is_active, rep.ended_at


@transaction.atomic
def representative_make_primary(*, representative: Representative, by: User) -> None:
    """Hand the primary role to another active representative (the primary themselves, or staff)."""
    rep = (
        Representative.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=representative.pk)
    )
    if not rep.is_active:
        raise MembershipError(_("This person no longer represents the organisation."))
    if not can_manage_representatives(by, rep.organisation):
        raise MembershipError(_("Only the primary representative or the table's staff can do this."))
    if rep.is_primary:
        return
    # The constraint allows one active primary: clear the old one first.
    Representative.objects.filter(organisation=rep.organisation, is_active=True, is_primary=True).update(
        is_primary=False, updated_at=timezone.now()
    )
    rep.is_primary = True
    rep.save(update_fields=["is_primary", "updated_at"])
    representative.is_primary = True
