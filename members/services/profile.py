"""Representatives edit their organisation's profile; fiscal code and legal form wait for staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.mail import email_enqueue
from members.models import (
    LegalForm,
    Organisation,
    OrganisationProfileRecord,
    ProfileChangeRequest,
    RequestStatus,
    Sector,
    Theme,
    User,
)
from members.permissions import is_staff
from members.services.errors import MembershipError
from members.services.notify import absolute, active_representative_users, notify_staff


def organisation_profile_record(
    *, organisation: Organisation, by: User | None, at: dt.datetime | None = None
) -> OrganisationProfileRecord | None:
    """Write a history row when legal form, area or sectors differ from the last one (for the report)."""
    sectors = set(organisation.sectors.values_list("pk", flat=True))
    last = organisation.profile_records.order_by("-valid_from", "-pk").first()
    if (
        last is not None
        and last.legal_form_id == organisation.legal_form_id
        and last.area_id == organisation.area_id
        and set(last.sectors.values_list("pk", flat=True)) == sectors
    ):
        return None
    with transaction.atomic():
        record = OrganisationProfileRecord.objects.create(
            organisation=organisation,
            valid_from=at or timezone.now(),
            legal_form_id=organisation.legal_form_id,
            area_id=organisation.area_id,
            by=by if by is not None and by.is_authenticated else None,
        )
        record.sectors.set(sectors)
    return record


# Fields a representative changes directly; fiscal code and legal form go through a change request.
PROFILE_FIELDS = (
    "name",
    "vat_number",
    "runts_number",
    "address",
    "area",
    "pec",
    "email",
    "phone",
    "website",
    "description",
    "directory_consent",
    "resources_public",
)


@transaction.atomic
def organisation_profile_update(
    *,
    organisation: Organisation,
    by: User,
    data: dict[str, Any],
    sectors: Iterable[Sector],
    themes: Iterable[Theme],
    fiscal_code: str,
    legal_form: LegalForm,
) -> ProfileChangeRequest | None:
    """Save the profile; a different fiscal code or legal form becomes a change request for staff."""
    sectors = list(sectors)
    if not sectors:
        raise MembershipError(_("Choose at least one sector."), field="sectors")
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    try:
        organisation.full_clean(exclude=["sectors", "themes", "slug"])
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from exc
    organisation.save()
    organisation.sectors.set(sectors)
    organisation.themes.set(list(themes))
    organisation_profile_record(organisation=organisation, by=by)

    fiscal_code = (fiscal_code or "").strip().upper()
    new_code = fiscal_code if fiscal_code and fiscal_code != organisation.fiscal_code else ""
    new_form = legal_form if legal_form and legal_form.pk != organisation.legal_form_id else None
    if not new_code and new_form is None:
        return None
    if ProfileChangeRequest.objects.filter(organisation=organisation, status=RequestStatus.PENDING).exists():
        raise MembershipError(
            _("A change of fiscal code or legal form is already waiting for review."), field="fiscal_code"
        )
    if new_code and Organisation.objects.filter(fiscal_code=new_code).exclude(pk=organisation.pk).exists():
        raise MembershipError(
            _("An organisation with this fiscal code is already registered."), field="fiscal_code"
        )
    change = ProfileChangeRequest(
        organisation=organisation, requested_by=by, fiscal_code=new_code, legal_form=new_form
    )
    change.full_clean()
    change.save()
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Change of registration data to review: %(organisation)s") % {
            "organisation": organisation.name
        }
    notify_staff(
        subject=subject,
        template="members/emails/change_request",
        context={
            "organisation": organisation,
            "change": change,
            "url": absolute(reverse("members:staff_detail", args=[organisation.pk])),
        },
        key=f"change-request-{change.pk}",
    )
    return change


@transaction.atomic
def change_request_decide(
    *, change_request: ProfileChangeRequest, by: User, approve: bool, reason: str = ""
) -> ProfileChangeRequest:
    """Staff apply or refuse a change of fiscal code or legal form; representatives are told."""
    if not is_staff(by):
        raise MembershipError(_("You are not allowed to do this for this organisation."))
    change = (
        ProfileChangeRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "legal_form")
        .get(pk=change_request.pk)
    )
    if change.status != RequestStatus.PENDING:
        raise MembershipError(_("This request has already been decided."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise MembershipError(_("Please give a reason."), field="reason")
    organisation = Organisation.objects.select_for_update(of=("self",)).get(pk=change.organisation_id)
    if approve:
        if change.fiscal_code:
            if (
                Organisation.objects.filter(fiscal_code=change.fiscal_code)
                .exclude(pk=organisation.pk)
                .exists()
            ):
                raise MembershipError(_("An organisation with this fiscal code is already registered."))
            organisation.fiscal_code = change.fiscal_code
        if change.legal_form_id:
            organisation.legal_form = change.legal_form
        organisation.full_clean(exclude=["sectors", "themes"])
        organisation.save()
        organisation_profile_record(organisation=organisation, by=by)
    change.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    change.decided_by, change.decided_at, change.reason = by, timezone.now(), reason
    change.save()
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Change of registration data: %(organisation)s") % {
            "organisation": organisation.name
        }
    url = absolute(reverse("members:my_organisation", args=[organisation.pk]))
    for user in active_representative_users(organisation):
        email_enqueue(
            to=user.email,
            subject=subject,
            template="members/emails/change_decided",
            context={"organisation": organisation, "change": change, "recipient": user, "url": url},
            dedup_key=f"change-request-{change.pk}-decided-{user.pk}",
        )
    change_request.status = change.status
    return change
