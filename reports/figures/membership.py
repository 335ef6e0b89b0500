"""Section 1 (membership) and 5 (annex): who was a member, from the MembershipEvent history.

Who was a member on a day, who joined and who withdrew are the members app's selectors; this module
only counts and breaks them down (one query per breakdown, one per year of the trend).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members import selectors as member_selectors
from members.models import MembershipEvent, Organisation, OrganisationStatus, Sector


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _first_member_year() -> int | None:
    first = (
        MembershipEvent.objects.filter(to_status=OrganisationStatus.ACTIVE)
        .order_by("at")
        .values_list("at", flat=True)
    ).first()
    return timezone.localtime(first).year if first else None


def _counts(rows, label_key: str, empty_label: str = "") -> list[dict]:
    return [{"label": row[label_key] or empty_label, "count": row["count"]} for row in rows]


def membership_section(year: int) -> tuple[dict, dict, set[int]]:
    """Members at 31 December, movements in the year, breakdowns, trend; and the annex list."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    member_ids = _ids(member_selectors.organisations_active_on(dec31))
    joined = _ids(member_selectors.organisations_joined_between(jan1, dec31))
    left = _ids(member_selectors.organisations_left_between(jan1, dec31))
    first_year = _first_member_year()

    members = Organisation.objects.filter(pk__in=member_ids)
    by_sector = (
        Sector.objects.annotate(count=Count("organisations", filter=Q(organisations__in=member_ids)))
        .filter(Q(is_active=True) | Q(count__gt=0))
        .order_by("position", "name")
        .values("name", "count")
    )
    by_nature = {
        row["legal_form__is_public"]: row["count"]
        for row in members.values("legal_form__is_public").annotate(count=Count("pk")).order_by()
    }
    by_legal_form = (
        members.values("legal_form__name").annotate(count=Count("pk")).order_by("-count", "legal_form__name")
    )
    by_area = members.values("area__name").annotate(count=Count("pk")).order_by("-count", "area__name")

    trend = []
    if first_year is not None:
        for y in range(min(first_year, year), year + 1):
            count = (
                len(member_ids)
                if y == year
                else member_selectors.organisations_active_on(dt.date(y, 12, 31)).count()
            )
            trend.append({"year": y, "members": count})

    annex_rows: dict[int, dict] = {}
    for org in members.select_related("legal_form").order_by("name"):
        annex_rows[org.pk] = {"name": org.name, "legal_form": org.legal_form.name, "sectors": []}
    sectors_of: dict[int, list[str]] = defaultdict(list)
    for org_id, sector in (
        Organisation.sectors.through.objects.filter(organisation_id__in=member_ids)
        .order_by("sector__position", "sector__name")
        .values_list("organisation_id", "sector__name")
    ):
        sectors_of[org_id].append(sector)
    for org_id, row in annex_rows.items():
        row["sectors"] = sectors_of[org_id]

    section = {
        "members_at_year_end": len(member_ids),
        "joined": len(joined),
        "withdrawn": len(left),
        "by_sector": [{"label": row["name"], "count": row["count"]} for row in by_sector],
        "by_nature": [
            {"label": _("Public bodies"), "count": by_nature.get(True, 0)},
            {"label": _("Private organisations"), "count": by_nature.get(False, 0)},
        ],
        "by_legal_form": _counts(by_legal_form, "legal_form__name"),
        "by_area": _counts(by_area, "area__name", _("Not specified")),
        "trend": trend,
    }
    return section, {"organisations": list(annex_rows.values())}, member_ids
