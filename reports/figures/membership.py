"""Section 1 (membership) and 5 (annex): who was a member, from the MembershipEvent history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MembershipEvent, Organisation, OrganisationStatus, Sector


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _ids(result) -> set[int]:
    if hasattr(result, "values_list"):
        return set(result.values_list("pk", flat=True))
    return {org.pk for org in result}


def _members_selectors():
    """The members app's history selectors, when that app provides them."""
    from members import selectors

    names = ("organisations_active_on", "organisations_joined_between", "organisations_left_between")
    if all(hasattr(selectors, name) for name in names):
        return selectors
    return None


class _History:
    """Membership answers from one read of the event rows (used until members provides selectors)."""

    def __init__(self) -> None:
        self.events = list(
            MembershipEvent.objects.order_by("at", "pk").values_list(
                "organisation_id", "from_status", "to_status", "at"
            )
        )

    def active_on(self, day: dt.date) -> set[int]:
        cutoff = _start_of(day + dt.timedelta(days=1))
        last: dict[int, str] = {}
        for org_id, _from, to, at in self.events:
            if at < cutoff:
                last[org_id] = to
        return {org_id for org_id, status in last.items() if status == OrganisationStatus.ACTIVE}

    def joined_between(self, start: dt.date, end: dt.date) -> set[int]:
        lo, hi = _start_of(start), _start_of(end + dt.timedelta(days=1))
        return {
            org_id
            for org_id, frm, to, at in self.events
            if lo <= at < hi and to == OrganisationStatus.ACTIVE and frm != OrganisationStatus.ACTIVE
        }

    def left_between(self, start: dt.date, end: dt.date) -> set[int]:
        lo, hi = _start_of(start), _start_of(end + dt.timedelta(days=1))
        return {
            org_id
            for org_id, frm, to, at in self.events
            if lo <= at < hi and frm == OrganisationStatus.ACTIVE and to != OrganisationStatus.ACTIVE
        }

    def first_year(self) -> int | None:
        years = [
            timezone.localtime(at).year for _o, _f, to, at in self.events if to == OrganisationStatus.ACTIVE
        ]
        return min(years) if years else None


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
    selectors = _members_selectors()
    if selectors is not None:
        active_on = lambda day: _ids(selectors.organisations_active_on(day))  # noqa: E731
        member_ids = active_on(dec31)
        joined = _ids(selectors.organisations_joined_between(jan1, dec31))
        left = _ids(selectors.organisations_left_between(jan1, dec31))
        first_year = _first_member_year()
    else:
        history = _History()
        active_on = history.active_on
        member_ids = active_on(dec31)
        joined = history.joined_between(jan1, dec31)
        left = history.left_between(jan1, dec31)
        first_year = history.first_year()

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
            count = len(member_ids) if y == year else len(active_on(dt.date(y, 12, 31)))
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
