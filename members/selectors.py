"""Reads of the members app: querysets that fetch what their page shows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from members.models import RegulationVersion


def regulation_in_force(on: dt.date | None = None) -> RegulationVersion | None:
    """The published version of the rules effective on a date (today by default)."""
    on = on or timezone.localdate()
    return (
        RegulationVersion.objects.filter(is_published=True, effective_from__lte=on)
        .order_by("-effective_from", "-pk")
        .first()
    )


def regulation_versions() -> list[RegulationVersion]:
    """Every published version, newest first, for the history on the rules page."""
    return list(RegulationVersion.objects.filter(is_published=True).order_by("-effective_from", "-pk"))


def active_member_count() -> int:
    from members.models import Organisation, OrganisationStatus

    return Organisation.objects.filter(status=OrganisationStatus.ACTIVE).count()
