"""Section 1 (membership) and 5 (annex): who was a member, from the members' history rows.

The flow (members at 1 January, entries and exits by kind, members at 31 December) and the trend
come from one walk over MembershipEvent rows; the breakdowns use each organisation's profile as it was
on 31 December (OrganisationProfileRecord), not today's.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from members.history import ENTRY_KINDS, EXIT_KINDS, Profile, membership_flow, profiles_at, year_bounds
from members.models import Area, LegalForm, Organisation, Sector


def _sorted_counts(counter: Counter, names: dict[int | None, str]) -> list[dict]:
    rows = [{"label": names[key], "count": count} for key, count in counter.items() if count]
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def membership_section(
    year: int, *, sectors: list[tuple[int, str, bool]] | None = None
) -> tuple[dict, dict, set[int], dict[str, object]]:
    """Flow, breakdowns at 31 December and trend; the annex; members during the year; quality notes.

    `sectors` (pk, name, is_active) in the report's order, when the caller has them already.
    """
    flow = membership_flow(year)
    _start, end = year_bounds(year)
    profiles: dict[int, Profile] = profiles_at(flow.end, end)

    if sectors is None:
        sectors = list(Sector.objects.order_by("position", "name").values_list("pk", "name", "is_active"))
    legal_forms = {
        pk: (name, is_public)
        for pk, name, is_public in LegalForm.objects.values_list("pk", "name", "is_public")
    }
    areas: dict[int | None, str] = dict(Area.objects.values_list("pk", "name"))
    areas[None] = _("Not specified")

    by_sector: Counter[int] = Counter()
    by_legal_form: Counter[int] = Counter()
    by_area: Counter[int | None] = Counter()
    public = 0
    for profile in profiles.values():
        by_sector.update(profile.sector_ids)
        by_legal_form[profile.legal_form_id] += 1
        by_area[profile.area_id] += 1
        public += legal_forms[profile.legal_form_id][1]
    sector_names = {pk: name for pk, name, _active in sectors}

    annex = [
        {
            "name": name,
            "legal_form": legal_forms[profiles[pk].legal_form_id][0],
            "area": areas[profiles[pk].area_id],
            "sectors": [sector_names[s] for s, _n, _a in sectors if s in profiles[pk].sector_ids],
        }
        for pk, name in Organisation.objects.filter(pk__in=flow.end)
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]
    entries, exits = sum(flow.entries.values()), sum(flow.exits.values())
    section = {
        "members_at_start": len(flow.start),
        "members_at_year_end": len(flow.end),
        "entries": entries,
        "exits": exits,
        **{kind: flow.entries[kind] for kind in ENTRY_KINDS},
        **{kind: flow.exits[kind] for kind in EXIT_KINDS},
        "members_during_year": len(flow.during),
        "by_sector": [
            {"label": name, "count": by_sector[pk]}
            for pk, name, is_active in sectors
            if is_active or by_sector[pk]
        ],
        "by_nature": [
            {"label": _("Public bodies"), "count": public},
            {"label": _("Private organisations"), "count": len(profiles) - public},
        ],
        "by_legal_form": _sorted_counts(by_legal_form, {pk: name for pk, (name, _p) in legal_forms.items()}),
        "by_area": _sorted_counts(by_area, areas),
        "trend": [{"year": y, "members": count} for y, count in flow.trend],
    }
    quality = {"profiles_without_history": sum(1 for p in profiles.values() if not p.recorded)}
    return section, {"organisations": annex}, flow.during, quality
