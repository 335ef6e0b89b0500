"""Versions of the rules: drafted and published by the office, accepted by every representative."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.mail import email_enqueue
from members import roles
from members.models import (
    Consent,
    ConsentKind,
    OrganisationStatus,
    RegulationVersion,
    Representative,
    User,
)
from members.services.errors import MembershipError
from members.services.notify import absolute

DRAFT_FIELDS = ("version", "title", "body", "approved_by", "effective_from")


def _check_staff(by: User) -> None:
    if not roles.can(by, "manage_regulation"):
        raise MembershipError(gettext_lazy("You are not allowed to manage the rules."))


@transaction.atomic
def regulation_draft_save(
    *, by: User, data: dict[str, Any], version: RegulationVersion | None = None
) -> RegulationVersion:
    """Create or change a draft version of the rules (a published version is never edited)."""
    _check_staff(by)
    if version is None:
        version = RegulationVersion()
    else:
        version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise MembershipError(gettext_lazy("A published version cannot be changed: draft a new one."))
    for name in DRAFT_FIELDS:
        if name in data:
            setattr(version, name, data[name])
    if RegulationVersion.objects.filter(version=version.version).exclude(pk=version.pk).exists():
        raise MembershipError(gettext_lazy("A version with this number already exists."), field="version")
    try:
        version.full_clean()
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from exc
    version.save()
    return version


@transaction.atomic
def regulation_publish(*, version: RegulationVersion, by: User, effective_from: dt.date) -> RegulationVersion:
    """Publish a draft from a date and ask every active organisation's representatives to accept it."""
    _check_staff(by)
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:  # a second click on "Publish" does nothing twice
        raise MembershipError(gettext_lazy("This version has already been published."))
    latest = RegulationVersion.objects.filter(is_published=True).order_by("-effective_from").first()
    if latest is not None and effective_from < latest.effective_from:
        raise MembershipError(
            gettext_lazy("The start date cannot be before that of the version already published."),
            field="effective_from",
        )
    version.effective_from = effective_from
    version.is_published = True
    version.published_at = timezone.now()
    version.published_by = by
    version.save(
        update_fields=["effective_from", "is_published", "published_at", "published_by", "updated_at"]
    )
    transaction.on_commit(lambda: _notify_representatives(version))
    return version


def _notify_representatives(version: RegulationVersion) -> None:
    """One e-mail per representative of an active organisation (one per person, whatever they represent)."""
    reps = (
        Representative.objects.filter(
            is_active=True, user__is_active=True, organisation__status=OrganisationStatus.ACTIVE
        )
        .select_related("user", "organisation")
        .order_by("user_id", "organisation__name")
    )
    url = absolute(reverse("regolamento_version", args=[version.version]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New rules of the table: version %(version)s") % {"version": version.version}
        for rep in reps:
            email_enqueue(
                to=rep.user.email,
                subject=subject,
                template="members/emails/regulation_published",
                context={"regulation": version, "recipient": rep.user, "url": url},
                dedup_key=f"regulation-{version.pk}-user-{rep.user_id}",
            )


def representations_to_accept(user: User) -> list[Representative]:
    """The user's active representations of active organisations (who must accept the rules)."""
    return list(
        Representative.objects.filter(
            user=user, is_active=True, organisation__status=OrganisationStatus.ACTIVE
        ).select_related("organisation")
    )


@transaction.atomic
def regulation_accept(*, user: User, version: RegulationVersion) -> int:
    """Record that the user accepts this version, for each organisation they represent; returns rows added."""
    if not version.is_published:
        raise MembershipError(gettext_lazy("This version has not been published."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # a double submit records once
    done = set(
        Consent.objects.filter(user=user, kind=ConsentKind.REGULATION, version=version.version).values_list(
            "organisation_id", flat=True
        )
    )
    now = timezone.now()
    rows = [
        Consent(
            user=user,
            organisation=rep.organisation,
            kind=ConsentKind.REGULATION,
            version=version.version,
            accepted_at=now,
        )
        for rep in representations_to_accept(user)
        if rep.organisation_id not in done
    ]
    if not rows and not done:
        rows = [Consent(user=user, kind=ConsentKind.REGULATION, version=version.version, accepted_at=now)]
    Consent.objects.bulk_create(rows)
    return len(rows)
