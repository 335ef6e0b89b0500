"""Section 4: the community-welfare processes active in the year, their network and resources."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from members.history import profiles_at, resources_available_during, year_bounds
from members.models import Area, MunicipalService, ResourceKind, Sector, Theme
from reports.models import FundingSource, Initiative, InitiativeStatus, InitiativeYear, TargetGroup


def _overlapping(year: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(starts_on__lte=dt.date(year, 12, 31)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1))
    )


def initiatives_active_in(year: int) -> QuerySet[Initiative]:
    """Validated initiatives whose period overlaps the calendar year."""
    return _overlapping(year).filter(status=InitiativeStatus.VALIDATED)


def _by(model, active_ids: list[int]) -> list[dict]:
    rows = (
        model.objects.annotate(count=Count("initiatives", filter=Q(initiatives__in=active_ids)))
        .filter(count__gt=0)
        .order_by("-count", "position", "name")
        .values("name", "count")
    )
    return [{"label": row["name"], "count": row["count"]} for row in rows]


def _network(active_ids: list[int], end: dt.datetime) -> dict:
    pairs = set(
        Initiative.partners.through.objects.filter(initiative_id__in=active_ids)
        .values_list("initiative__lead_organisation_id", "organisation_id")
        .distinct()
    )
    pairs = {(lead, partner) for lead, partner in pairs if lead != partner}
    # Only organisations in at least one partnership worked together: a lead alone does not count.
    involved = {org for pair in pairs for org in pair}
    names = dict(Sector.objects.values_list("pk", "name"))
    sectors_of: dict[int, set[str]] = {
        org_id: {names[pk] for pk in profile.sector_ids}
        for org_id, profile in profiles_at(involved, end).items()
    }
    by_pair: Counter[str] = Counter()
    across = 0
    for lead, partner in pairs:
        if not sectors_of[lead] & sectors_of[partner]:
            across += 1
        for label in {" – ".join(sorted((a, b))) for a in sectors_of[lead] for b in sectors_of[partner]}:
            by_pair[label] += 1
    return {
        "organisations": len(involved),
        "partnerships": len(pairs),
        "partnerships_across_sectors": across,
        "by_sector_pair": [
            {"label": label, "count": count}
            for label, count in sorted(by_pair.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def _resources(year: int, member_ids: set[int]) -> tuple[list[dict], int]:
    """Resources of the year's members available at some time during the year, by kind."""
    start, end = year_bounds(year)
    available = resources_available_during(start, end, member_ids)
    counts: Counter[str] = Counter(resource.kind for resource in available)
    organisations: dict[str, set[int]] = defaultdict(set)
    for resource in available:
        organisations[resource.kind].add(resource.organisation_id)
    rows = [
        {
            "label": str(kind.label),
            "count": counts[kind.value],
            "organisations": len(organisations[kind.value]),
        }
        for kind in ResourceKind
    ]
    return rows, sum(1 for resource in available if not resource.recorded)


def welfare_section(year: int, *, member_ids: set[int]) -> tuple[dict, dict[str, object]]:
    """Initiatives of the year's members by theme, target and area; network; reach; funding; resources.

    `member_ids` are the organisations that were members at some time during the year: an initiative
    counts when its lead organisation is one of them.
    """
    overlapping = list(
        _overlapping(year)
        .filter(status__in=[InitiativeStatus.VALIDATED, InitiativeStatus.SUBMITTED])
        .order_by("title", "pk")
        .values_list("pk", "title", "status", "lead_organisation_id", "lead_organisation__name")
    )
    active_ids = [
        pk
        for pk, _t, status, lead, _n in overlapping
        if status == InitiativeStatus.VALIDATED and lead in member_ids
    ]
    _start, end = year_bounds(year)
    totals = InitiativeYear.objects.filter(initiative_id__in=active_ids, year=year).aggregate(
        people_reached=Sum("people_reached"),
        volunteers=Sum("volunteers"),
        volunteer_hours=Sum("volunteer_hours"),
        budget=Sum("budget"),
        reporting=Count("pk"),
    )
    listing = (
        Initiative.objects.filter(pk__in=active_ids)
        .annotate(
            partner_count=Count("partners", distinct=True),
            people=Subquery(
                InitiativeYear.objects.filter(initiative=OuterRef("pk"), year=year).values("people_reached")[
                    :1
                ]
            ),
        )
        .order_by("title")
        .values("title", "lead_organisation__name", "partner_count", "people", "starts_on", "ends_on")
    )
    resources, resources_without_history = _resources(year, member_ids)
    initiatives = [
        {
            "title": row["title"],
            "lead": row["lead_organisation__name"],
            "partners": row["partner_count"],
            "people_reached": row["people"],
            "starts_on": row["starts_on"].isoformat(),
            "ends_on": row["ends_on"].isoformat() if row["ends_on"] else None,
        }
        for row in listing
    ]
    quality = {
        "initiatives_without_figures": [row["title"] for row in initiatives if row["people_reached"] is None],
        "initiatives_awaiting_validation": [
            title for _pk, title, status, _l, _n in overlapping if status == InitiativeStatus.SUBMITTED
        ],
        "initiatives_of_non_members": [
            f"{title} ({name})"
            for _pk, title, status, lead, name in overlapping
            if status == InitiativeStatus.VALIDATED and lead not in member_ids
        ],
        "resources_without_history": resources_without_history,
    }
    section = {
        "initiatives_active": len(active_ids),
        "initiatives_reporting": totals["reporting"],
        "people_reached": totals["people_reached"] or 0,
        "volunteers": totals["volunteers"] or 0,
        "volunteer_hours": totals["volunteer_hours"] or 0,
        "budget": float(totals["budget"] or Decimal(0)),
        "by_theme": _by(Theme, active_ids),
        "by_target_group": _by(TargetGroup, active_ids),
        "by_area": _by(Area, active_ids),
        "by_funding_source": _by(FundingSource, active_ids),
        "services_involved": [
            {"label": row["name"], "count": row["count"]}
            for row in MunicipalService.objects.annotate(
                count=Count("initiatives", filter=Q(initiatives__in=active_ids))
            )
            .filter(count__gt=0)
            .order_by("-count", "name")
            .values("name", "count")
        ],
        "network": _network(active_ids, end),
        "resources_by_kind": resources,
        "initiatives": initiatives,
    }
    return section, quality
