"""Section 4: the community-welfare processes active in the year, their network and resources."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)

from members.history import profiles_at, resources_available_during, year_bounds
from members.models import ResourceKind
from reports.models import Initiative, InitiativeStatus, InitiativeYear


def _overlapping(year: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(starts_on__lte=dt.date(year, 12, 31)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1))
    )


def initiatives_active_in(year: int) -> QuerySet[Initiative]:
    """Validated initiatives whose period overlaps the calendar year."""
    return _overlapping(year).filter(status=InitiativeStatus.VALIDATED)


BREAKDOWNS = {
    "by_theme": ("themes", "theme"),
    "by_target_group": ("target_groups", "targetgroup"),
    "by_area": ("areas", "area"),
    "by_funding_source": ("funding_sources", "fundingsource"),
    "services_involved": ("services", "municipalservice"),
}


def _breakdowns(active_ids: list[int]) -> dict[str, list[dict]]:
    """Initiatives by theme, target group, area, funding source and service: one query for the five."""
    parts = []
    for key, (field, target) in BREAKDOWNS.items():
        through = getattr(Initiative, field).through.objects.filter(initiative_id__in=active_ids)
        position = F(f"{target}__position") if target != "municipalservice" else Value(0)
        parts.append(
            through.annotate(
                key=Value(key, output_field=CharField()),
                label=F(f"{target}__name"),
                rank=ExpressionWrapper(position, output_field=IntegerField()),
            ).values_list("key", "label", "rank")
        )
    counts: Counter[tuple[str, str, int]] = Counter(parts[0].union(*parts[1:], all=True))
    result: dict[str, list[dict]] = {key: [] for key in BREAKDOWNS}
    for (key, label, _rank), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][2], kv[0][1])):
        result[key].append({"label": label, "count": count})
    return result


def _network(links: list[tuple[int, int, int]], end: dt.datetime, names: dict[int, str]) -> dict:
    """Pairs of a lead and a partner (initiative, lead, partner links) and the sectors they join."""
    pairs = {(lead, partner) for _initiative, lead, partner in links if lead != partner}
    # Only organisations in at least one partnership worked together: a lead alone does not count.
    involved = {org for pair in pairs for org in pair}
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


def welfare_section(
    year: int, *, member_ids: set[int], sector_names: dict[int, str]
) -> tuple[dict, dict[str, object]]:
    """Initiatives of the year's members by theme, target and area; network; reach; funding; resources.

    `member_ids` are the organisations that were members at some time during the year: an initiative
    counts when its lead organisation is one of them.
    """
    overlapping = list(
        _overlapping(year)
        .filter(status__in=[InitiativeStatus.VALIDATED, InitiativeStatus.SUBMITTED])
        .order_by("title", "pk")
        .values_list(
            "pk", "title", "status", "lead_organisation_id", "lead_organisation__name", "starts_on", "ends_on"
        )
    )
    active_ids = [
        pk
        for pk, _t, status, lead, _n, _s, _e in overlapping
        if status == InitiativeStatus.VALIDATED and lead in member_ids
    ]
    _start, end = year_bounds(year)
    declared = {
        initiative_id: (people, volunteers, hours, budget)
        for initiative_id, people, volunteers, hours, budget in InitiativeYear.objects.filter(
            initiative_id__in=active_ids, year=year
        ).values_list("initiative_id", "people_reached", "volunteers", "volunteer_hours", "budget")
    }
    links = list(
        Initiative.partners.through.objects.filter(initiative_id__in=active_ids).values_list(
            "initiative_id", "initiative__lead_organisation_id", "organisation_id"
        )
    )
    partners: Counter[int] = Counter(initiative for initiative, lead, partner in links if lead != partner)
    active = set(active_ids)
    listing = [row for row in overlapping if row[0] in active]
    resources, resources_without_history = _resources(year, member_ids)
    breakdowns = _breakdowns(active_ids)
    initiatives = [
        {
            "title": title,
            "lead": lead_name,
            "partners": partners[pk],
            "people_reached": declared[pk][0] if pk in declared else None,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        }
        for pk, title, _status, _lead, lead_name, starts_on, ends_on in listing
    ]
    quality = {
        "initiatives_without_figures": [row["title"] for row in initiatives if row["people_reached"] is None],
        "initiatives_awaiting_validation": [
            row[1] for row in overlapping if row[2] == InitiativeStatus.SUBMITTED
        ],
        "initiatives_of_non_members": [
            f"{row[1]} ({row[4]})"
            for row in overlapping
            if row[2] == InitiativeStatus.VALIDATED and row[3] not in member_ids
        ],
        "resources_without_history": resources_without_history,
    }
    section = {
        "initiatives_active": len(active_ids),
        "initiatives_reporting": len(declared),
        "people_reached": sum(row[0] for row in declared.values()),
        "volunteers": sum(row[1] for row in declared.values()),
        "volunteer_hours": sum(row[2] for row in declared.values()),
        "budget": float(sum((row[3] or Decimal(0) for row in declared.values()), Decimal(0))),
        **breakdowns,
        "network": _network(links, end, sector_names),
        "resources_by_kind": resources,
        "initiatives": initiatives,
    }
    return section, quality
