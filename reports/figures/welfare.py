"""Section 4: the community-welfare processes active in the year, their network and resources."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from members.models import Area, MunicipalService, Organisation, Resource, ResourceKind, Theme
from reports.models import FundingSource, Initiative, InitiativeStatus, InitiativeYear, TargetGroup


def initiatives_active_in(year: int) -> QuerySet[Initiative]:
    """Validated initiatives whose period overlaps the calendar year."""
    return Initiative.objects.filter(
        status=InitiativeStatus.VALIDATED, starts_on__lte=dt.date(year, 12, 31)
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1)))


def _by(model, active_ids: list[int]) -> list[dict]:
    rows = (
        model.objects.annotate(count=Count("initiatives", filter=Q(initiatives__in=active_ids)))
        .filter(count__gt=0)
        .order_by("-count", "position", "name")
        .values("name", "count")
    )
    return [{"label": row["name"], "count": row["count"]} for row in rows]


def _network(active_ids: list[int]) -> dict:
    pairs = set(
        Initiative.partners.through.objects.filter(initiative_id__in=active_ids)
        .values_list("initiative__lead_organisation_id", "organisation_id")
        .distinct()
    )
    pairs = {(lead, partner) for lead, partner in pairs if lead != partner}
    leads = set(Initiative.objects.filter(pk__in=active_ids).values_list("lead_organisation_id", flat=True))
    involved = leads | {org for pair in pairs for org in pair}
    sectors_of: dict[int, set[str]] = defaultdict(set)
    for org_id, sector in Organisation.sectors.through.objects.filter(
        organisation_id__in=involved
    ).values_list("organisation_id", "sector__name"):
        sectors_of[org_id].add(sector)
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


def _resources(member_ids: set[int]) -> list[dict]:
    counts = {
        row["kind"]: row
        for row in Resource.objects.filter(is_active=True, organisation_id__in=member_ids)
        .values("kind")
        .annotate(count=Count("pk"), organisations=Count("organisation", distinct=True))
        .order_by()
    }
    return [
        {
            "label": str(kind.label),
            "count": counts.get(kind.value, {}).get("count", 0),
            "organisations": counts.get(kind.value, {}).get("organisations", 0),
        }
        for kind in ResourceKind
    ]


def welfare_section(year: int, *, member_ids: set[int]) -> dict:
    """Initiatives active in the year by theme, target and area; network; reach; funding; resources."""
    active_ids = list(initiatives_active_in(year).values_list("pk", flat=True))
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
    return {
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
        "network": _network(active_ids),
        "resources_by_kind": _resources(member_ids),
        "initiatives": [
            {
                "title": row["title"],
                "lead": row["lead_organisation__name"],
                "partners": row["partner_count"],
                "people_reached": row["people"] or 0,
                "period": _period(row["starts_on"], row["ends_on"]),
            }
            for row in listing
        ],
    }


def _period(starts_on: dt.date, ends_on: dt.date | None) -> str:
    start = starts_on.strftime("%m/%Y")
    return f"{start} – {ends_on.strftime('%m/%Y')}" if ends_on else _("since %(start)s") % {"start": start}
