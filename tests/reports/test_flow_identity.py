"""The membership flow adds up on any history: start + entries - exits = end, every year.

Histories are random walks through the lifecycle's table of allowed transitions (submit, approve,
suspend, reinstate, withdraw, rejoin, ...), at random moments around the new years, ties included.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import MembershipEvent
from members.services.lifecycle import TRANSITIONS
from reports.figures.membership import membership_section
from tests.factories import OrganisationFactory

MOMENTS = st.datetimes(min_value=dt.datetime(2023, 12, 31, 22), max_value=dt.datetime(2026, 1, 1, 2))
# Moments right at the boundaries are the interesting ones: draw them often.
EDGES = st.sampled_from(
    [
        dt.datetime(2024, 1, 1, 0, 0),
        dt.datetime(2024, 12, 31, 23, 59, 59),
        dt.datetime(2025, 1, 1, 0, 0),
        dt.datetime(2025, 12, 31, 23, 59, 59),
        dt.datetime(2026, 1, 1, 0, 0),
    ]
)
HISTORY = st.lists(
    st.lists(st.tuples(st.integers(min_value=0, max_value=7), st.one_of(MOMENTS, EDGES)), max_size=8),
    min_size=1,
    max_size=5,
)


def _walk(choices: list[tuple[int, dt.datetime]]) -> list[tuple[str, str, dt.datetime]]:
    """Apply the n-th allowed transition at each moment (moments sorted): a history the portal allows."""
    status, rows = "", []
    for pick, moment in sorted(choices, key=lambda item: item[1]):
        allowed = [t for t in TRANSITIONS.values() if status in t.sources]
        if not allowed:
            break
        target = allowed[pick % len(allowed)].target
        rows.append((status, target, moment))
        status = target
    return rows


@pytest.mark.django_db
def test_flow_adds_up_on_random_histories():
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(histories=HISTORY)
    def check(histories):
        with transaction.atomic():
            for choices in histories:
                org = OrganisationFactory(status="pending")
                for from_status, to_status, moment in _walk(choices):
                    MembershipEvent.objects.create(
                        organisation=org,
                        from_status=from_status,
                        to_status=to_status,
                        at=timezone.make_aware(moment),
                    )
            previous_end = None
            for year in (2024, 2025):
                m, _annex, during, _quality = membership_section(year)
                assert m["members_at_start"] + m["entries"] - m["exits"] == m["members_at_year_end"]
                assert m["entries"] == m["joined"] + m["rejoined"] + m["reinstated"]
                assert m["exits"] == m["withdrew"] + m["suspended"] + m["excluded"]
                assert m["members_at_year_end"] <= len(during)
                if previous_end is not None:
                    assert m["members_at_start"] == previous_end
                previous_end = m["members_at_year_end"]
            transaction.set_rollback(True)

    check()
