"""Privacy rights over an account (GDPR arts. 15, 17, 20): export of a person's data and anonymisation.

The account is this app's: this module handles it and calls every app's privacy module through
core.privacy's registry, in order, without naming the apps. Organisations and their history are never
deleted: only the person disappears from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.privacy import PrivacyError, privacy_providers
from members.models import Consent, ConsentKind, OrganisationStatus, Representative

if TYPE_CHECKING:
    from members.models import User


def personal_data(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about the person, as JSON-serialisable data."""
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "fiscal_code": user.fiscal_code,
            "digital_identity": user.identity_provider,
            "digital_identity_linked_at": user.identity_linked_at.isoformat()
            if user.identity_linked_at
            else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "two_factor_methods": sorted(
                set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
            ),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "accepted_at": c.accepted_at.isoformat(),
                "organisation": c.organisation.name if c.organisation else None,
            }
            for c in Consent.objects.filter(user=user).select_related("organisation").order_by("accepted_at")
        ],
    }
    for module in privacy_providers():
        data[module.__name__.split(".")[0]] = module.personal_data(user)
    return data


def organisations_needing_handover(*, user: User) -> list[str]:
    """Active organisations the person is the only active representative of."""
    representations = Representative.objects.filter(
        user=user, is_active=True, organisation__status=OrganisationStatus.ACTIVE
    ).select_related("organisation")
    names = []
    for rep in representations:
        others = (
            Representative.objects.filter(organisation=rep.organisation, is_active=True)
            .exclude(user=user)
            .exists()
        )
        if not others:
            names.append(rep.organisation.name)
    return sorted(names)


def account_delete(*, user: User) -> None:
    """Anonymise the person's account and data; organisations, their history and the reports stay."""
    orphaned = organisations_needing_handover(user=user)
    if orphaned:
        raise PrivacyError(
            _(
                "You are the only representative of %(names)s: before deleting your account, hand the "
                "organisation over to another representative or ask the welfare office."
            )
            % {"names": ", ".join(orphaned)}
        )
    with transaction.atomic():
        for module in privacy_providers():
            module.anonymise(user)
        _anonymise_user(user)


def _anonymise_user(user: User) -> None:
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=False)
    # The audit trail keeps that *someone* acted, not who: the old values of this person's own row
    # (e-mail, name) and their address are removed; the entries about organisations remain.
    LogEntry.objects.filter(content_type=user_type, object_pk=str(user.pk)).delete()
    LogEntry.objects.filter(actor=user).update(actor_email=None, remote_addr=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    with disable_auditlog():
        user.email = f"deleted-{user.pk}@invalid"
        user.first_name = ""
        user.last_name = ""
        user.phone = ""
        user.fiscal_code = ""
        user.identity_provider = ""
        user.identity_linked_at = None
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
    # Open sessions elsewhere end by themselves: Django's backend refuses inactive users.


def privacy_notice_accept(*, user: User) -> Consent:
    """Record that the person accepted the privacy notice in force."""
    return Consent.objects.create(
        user=user, kind=ConsentKind.PRIVACY, version=settings.TAVOLO_PRIVACY_VERSION
    )
