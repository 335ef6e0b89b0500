"""Reads of the members' history for a period: the annual report's source (selectors, no writes).

Three questions, each answered from history rows rather than from today's fields:
- how the membership moved in a year (MembershipEvent rows), with the kind of every movement;
- what an organisation's profile (legal form, area, sectors) was at a moment (OrganisationProfileRecord);
- which resources were available during a period (ResourceAvailability).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from core.querysets import FirstNames, first_names_and_total
from members.models import (
    MembershipEvent,
    Organisation,
    OrganisationProfileRecord,
    OrganisationStatus,
    Resource,
)

S = OrganisationStatus

ENTRY_KINDS = ("joined", "rejoined", "reinstated")
EXIT_KINDS = ("withdrew", "suspended", "excluded")


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of 1 January of the year and of the next one (Europe/Rome)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass
class MembershipFlow:
    """Members at the start and end of a year and every movement across the membership in between.

    start + sum(entries) - sum(exits) == end holds by construction: a movement is an event that takes an
    organisation into the membership (entry) or out of it (exit).
    """

    year: int
    start: set[int] = field(default_factory=set)
    end: set[int] = field(default_factory=set)
    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_KINDS, 0))
    exits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXIT_KINDS, 0))
    during: set[int] = field(default_factory=set)
    trend: list[tuple[int, int]] = field(default_factory=list)


def _entry_kind(previous: str, ever_member: bool) -> str:
    if previous == S.SUSPENDED:
        return "reinstated"
    return "rejoined" if ever_member else "joined"


def _exit_kind(new: str) -> str:
    if new == S.WITHDRAWN:
        return "withdrew"
    if new == S.SUSPENDED:
        return "suspended"
    return "excluded"


def membership_flow(year: int) -> MembershipFlow:
    """Walk every organisation's status history up to the end of the year (one query)."""
    start, end = year_bounds(year)
    flow = MembershipFlow(year=year)
    timelines: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for org_id, at, to_status in (
        MembershipEvent.objects.filter(at__lt=end)
        .order_by("organisation_id", "at", "pk")
        .values_list("organisation_id", "at", "to_status")
    ):
        timelines[org_id].append((at, to_status))
    first_year = year
    year_ends = []
    for org_id, events in timelines.items():
        status, ever_member = "", False
        for at, to_status in events:
            if at >= start:
                was, now = status == S.ACTIVE, to_status == S.ACTIVE
                if now and not was:
                    flow.entries[_entry_kind(status, ever_member)] += 1
                    flow.during.add(org_id)
                elif was and not now:
                    flow.exits[_exit_kind(to_status)] += 1
            elif to_status == S.ACTIVE:
                first_year = min(first_year, at.astimezone(start.tzinfo).year)
            status = to_status
            ever_member = ever_member or to_status == S.ACTIVE
        before = [e for e in events if e[0] < start]
        if before and before[-1][1] == S.ACTIVE:
            flow.start.add(org_id)
            flow.during.add(org_id)
        if status == S.ACTIVE:
            flow.end.add(org_id)
    for y in range(first_year, year + 1):
        year_ends.append((y, year_bounds(y)[1]))
    for y, boundary in year_ends:
        count = 0
        for events in timelines.values():
            index = bisect_left(events, boundary, key=lambda e: e[0])
            if index and events[index - 1][1] == S.ACTIVE:
                count += 1
        flow.trend.append((y, count))
    return flow


@dataclass(frozen=True)
class Profile:
    legal_form_id: int
    area_id: int | None
    sector_ids: frozenset[int]
    recorded: bool  # False: no history row, today's profile stands in


def profiles_at(organisation_ids: set[int], moment: dt.datetime) -> dict[int, Profile]:
    """Each organisation's legal form, area and sectors as they were just before `moment`.

    The last history row before the moment wins; before an organisation's first row its first row
    stands (the profile it registered with); without any row, today's profile is used and flagged.
    """
    chosen: dict[int, tuple[int, int, int | None]] = {}
    for pk, org_id, valid_from, legal_form_id, area_id in (
        OrganisationProfileRecord.objects.filter(organisation_id__in=organisation_ids)
        .order_by("organisation_id", "valid_from", "pk")
        .values_list("pk", "organisation_id", "valid_from", "legal_form_id", "area_id")
    ):
        if org_id not in chosen or valid_from < moment:
            chosen[org_id] = (pk, legal_form_id, area_id)
    record_sectors: dict[int, set[int]] = defaultdict(set)
    for record_id, sector_id in OrganisationProfileRecord.sectors.through.objects.filter(
        organisationprofilerecord_id__in=[pk for pk, _l, _a in chosen.values()]
    ).values_list("organisationprofilerecord_id", "sector_id"):
        record_sectors[record_id].add(sector_id)
    profiles = {
        org_id: Profile(legal_form_id, area_id, frozenset(record_sectors[pk]), True)
        for org_id, (pk, legal_form_id, area_id) in chosen.items()
    }
    missing = organisation_ids - profiles.keys()
    if missing:
        today_sectors: dict[int, set[int]] = defaultdict(set)
        for org_id, sector_id in Organisation.sectors.through.objects.filter(
            organisation_id__in=missing
        ).values_list("organisation_id", "sector_id"):
            today_sectors[org_id].add(sector_id)
        for org_id, legal_form_id, area_id in Organisation.objects.filter(pk__in=missing).values_list(
            "pk", "legal_form_id", "area_id"
        ):
            profiles[org_id] = Profile(legal_form_id, area_id, frozenset(today_sectors[org_id]), False)
    return profiles


@dataclass(frozen=True)
class AvailableResource:
    pk: int
    organisation_id: int
    kind: str
    recorded: bool  # False: no history row, today's flag stands in


def resources_available_during(
    start: dt.datetime, end: dt.datetime, organisation_ids: set[int]
) -> list[AvailableResource]:
    """Resources of these organisations available at some moment in [start, end)."""
    # One query: each resource with its history rows (none for a resource without history).
    resources: dict[int, tuple[int, str, bool]] = {}
    history: dict[int, list[tuple[dt.datetime, bool]]] = defaultdict(list)
    for pk, org_id, kind, is_active, at, flag in (
        Resource.objects.filter(organisation_id__in=organisation_ids)
        .order_by("pk", "availability_changes__at", "availability_changes__pk")
        .values_list(
            "pk",
            "organisation_id",
            "kind",
            "is_active",
            "availability_changes__at",
            "availability_changes__available",
        )
    ):
        resources[pk] = (org_id, kind, is_active)
        if at is not None:
            history[pk].append((at, flag))
    available = []
    for pk, (org_id, kind, is_active) in resources.items():
        if pk not in history:
            if is_active:
                available.append(AvailableResource(pk, org_id, kind, False))
            continue
        rows = history[pk]
        before = [flag for at, flag in rows if at < start]
        if (before and before[-1]) or any(flag for at, flag in rows if start <= at < end):
            available.append(AvailableResource(pk, org_id, kind, True))
    return available


def membership_movements(year: int, *, names: int = 100) -> tuple[FirstNames, FirstNames]:
    """(new members, withdrawals) of a year, from the status history as the annual report counts them:
    an organisation joins when it becomes a member other than by reinstatement after a suspension, and
    withdraws when it leaves the membership by withdrawing. Counted in SQL (one query each)."""
    start, end = year_bounds(year)
    in_year = MembershipEvent.objects.filter(at__gte=start, at__lt=end)
    joined = in_year.filter(to_status=S.ACTIVE).exclude(from_status__in=(S.ACTIVE, S.SUSPENDED))
    withdrew = in_year.filter(to_status=S.WITHDRAWN, from_status=S.ACTIVE)
    return _movement(joined, names), _movement(withdrew, names)


def _movement(events, limit: int) -> FirstNames:
    organisations = Organisation.objects.filter(pk__in=events.values("organisation")).order_by("name", "pk")
    return first_names_and_total(organisations.only("name"), limit, lambda organisation: organisation.name)
