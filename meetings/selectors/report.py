"""The meetings' figures of a year for the annual report."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Routing,
)
from meetings.selectors.meetings import HELD_STATUSES


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def year_figures(year: int) -> dict:
    """The meetings' figures of a year for the annual report (no personal data, JSON-serialisable)."""
    start, end = _year_bounds(year)
    meetings = list(
        Meeting.objects.filter(status__in=HELD_STATUSES, starts_at__gte=start, starts_at__lt=end)
        .annotate(
            invited=Count("invitations", distinct=True),
            present=Count(
                "attendances",
                filter=Q(attendances__present=True, attendances__organisation__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    kind_counts = Counter(m.kind for m in meetings)
    labels = dict(MeetingKind.choices)
    by_kind = [
        {"kind": str(labels[k]), "count": kind_counts[k]} for k in MeetingKind.values if kind_counts[k]
    ]

    items = AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings])
    themes = (
        items.values("themes__name")
        .exclude(themes__isnull=True)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "themes__name")
    )
    routings = list(
        Routing.objects.filter(agenda_item__in=items).values_list("service__name", "answered_at", "due_date")
    )
    per_service: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    on_time_total = 0
    for name, answered_at, due in routings:
        on_time = answered_at is not None and timezone.localdate(answered_at) <= due
        per_service[name][0] += 1
        per_service[name][1] += on_time
        on_time_total += on_time
    tz = ZoneInfo(settings.TIME_ZONE)
    # Convened meetings whose date has passed but that nobody marked as held: not counted, but listed
    # so that the office can correct them before publishing.
    unmarked = (
        Meeting.objects.filter(
            status=MeetingStatus.CONVENED, starts_at__gte=start, starts_at__lt=min(end, timezone.now())
        )
        .annotate(recorded=Count("attendances"))
        .order_by("starts_at", "pk")
        .values_list("title", "starts_at", "recorded")
    )
    return {
        "meetings_held": len(meetings),
        "meetings_by_kind": by_kind,
        "topics_by_theme": [{"theme": row["themes__name"], "count": row["n"]} for row in themes],
        "services_involved": [
            {"service": name, "routings": n, "answered_on_time": ok}
            for name, (n, ok) in sorted(per_service.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ],
        "routings_total": len(routings),
        "routings_answered_on_time": on_time_total,
        "attendance": [
            {
                "meeting": m.title,
                "date": m.starts_at.astimezone(tz).date().isoformat(),
                "present": m.present,
                "invited": m.invited,
            }
            for m in meetings
        ],
        "not_marked_held": [
            {
                "meeting": title,
                "date": starts_at.astimezone(tz).date().isoformat(),
                "attendance_recorded": recorded > 0,
            }
            for title, starts_at, recorded in unmarked
        ],
    }


def decision_histories(before: dt.datetime) -> list[dict]:
    """Published decisions of meetings before `before`, each with its history rows (at, to_status):
    what the report's section "from decisions to results" is computed from."""
    from meetings.models import Decision, DecisionUpdate, MinutesStatus

    published = Decision.objects.filter(
        agenda_item__meeting__minutes__status=MinutesStatus.APPROVED,
        agenda_item__meeting__starts_at__lt=before,
    )
    decisions = list(published.values("pk", "agenda_item__meeting__starts_at", "expected_date"))
    rows: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    # A subquery, not a list of ids: two queries whatever the data (an empty list would skip one).
    for decision_id, at, to_status in (
        DecisionUpdate.objects.filter(decision__in=published.values("pk"))
        .order_by("at", "pk")
        .values_list("decision_id", "at", "to_status")
    ):
        rows[decision_id].append((at, to_status))
    return [
        {
            "taken_at": d["agenda_item__meeting__starts_at"],
            "expected_date": d["expected_date"],
            "history": rows[d["pk"]],
        }
        for d in decisions
    ]
