"""SQL queries per page: the same on a small and on a four times larger data set, and at most 15
(or the page's own budget in BUDGET, with its reason).

A page whose count grows with the rows has an N+1 query; one above 15 does too much work per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.browser.catalogue import PAGES, build_world, page_params
from tests.conftest import fast_and_quiet_settings

# The marker makes pytest-django set up the test database that the module's fixture builds on.
pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
# Pages over the budget, with the count measured when they were listed: it may not grow, and the test
# fails as soon as it grows with the data (an N+1), whatever the budget. Lower the number when the page
# gets faster; remove the entry once it fits in MAX_QUERIES.
OVER_BUDGET = {
    # The draft's preview computes every figure of the year live (published versions are frozen): a
    # fixed number of queries per section (flow, profiles at 31 December, meetings, training,
    # initiatives, resources, network, decisions), never one per row.
    # +1 on every signed-in page: the header's count of unread notifications (one COUNT on an index).
    "staff-report-preview": 24,
    # The office's dashboard (15 on its own) with unread notices: their count (header) and "Da guardare"
    # (the list).
    "dashboard-staff": 17,
}


@dataclass
class Measure:
    count: int = 0
    sql: list[str] = field(default_factory=list)
    error: str = ""  # why the page could not be measured (its answer, a missing object...)


def _measure_all(size: int) -> dict[str, Measure]:
    """Queries of one request to every page, on one world of the given size (rolled back afterwards)."""
    results: dict[str, Measure] = {}
    with transaction.atomic():
        world = build_world(size=size)
        for target in PAGES:
            try:
                results[target.id] = _count(world, target)
            except (Exception, pytest.fail.Exception) as exc:
                results[target.id] = Measure(error=f"{type(exc).__name__}: {exc}")
        transaction.set_rollback(True)
    return results


@pytest.fixture(scope="module")
def measures(django_db_setup, django_db_blocker) -> dict[int, dict[str, Measure]]:
    """Both worlds are built once for the module, not once per page (the settings of the test cast)."""
    with (
        django_db_blocker.unblock(),
        override_settings(**fast_and_quiet_settings(), TAVOLO_REQUIRE_STAFF_MFA=False),
    ):
        return {size: _measure_all(size) for size in (1, 4)}


def _count(world, target) -> Measure:
    path = target.url(world)
    client = world.client(target.role)
    client.get(path)  # warm per-process caches (ContentTypes, translations, sites)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code != 200:
        return Measure(error=f"{path} as {target.role} answered {response.status_code}")
    return Measure(len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries])


def _describe(sqls: list[str]) -> str:
    return "\n".join(f"  {i + 1:2d}. {sql[:220]}" for i, sql in enumerate(sqls))


@pytest.mark.parametrize("target", page_params(PAGES))
def test_query_count_is_bounded_and_does_not_grow(measures, target):
    small, large = measures[1][target.id], measures[4][target.id]
    assert not small.error and not large.error, small.error or large.error
    assert large.count == small.count, (
        f"{target.id}: {small.count} queries on the small data set, {large.count} on the 4x one\n"
        f"small:\n{_describe(small.sql)}\nlarge:\n{_describe(large.sql)}"
    )
    budget = OVER_BUDGET.get(target.id, MAX_QUERIES)
    assert small.count <= budget, f"{target.id}: {small.count} queries (max {budget})\n{_describe(small.sql)}"


def test_over_budget_pages_exist():
    assert set(OVER_BUDGET) <= {p.id for p in PAGES}
