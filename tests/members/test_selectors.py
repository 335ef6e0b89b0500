from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from members import selectors
from members.models import Representative
from tests.factories import OrganisationFactory, RepresentativeFactory, UserFactory, membership_history

ROME = ZoneInfo("Europe/Rome")


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=ROME)


@pytest.fixture
def year_edges(db):
    """Joins on 1 January 2025 at 00:10; leaves on 31 December 2025 at 23:30 (Rome time)."""
    joiner = membership_history(
        OrganisationFactory(name="Entra a Capodanno", status="pending"),
        ("pending", at(2024, 12, 10)),
        ("active", at(2025, 1, 1, 0, 10)),
    )
    leaver = membership_history(
        OrganisationFactory(name="Esce a San Silvestro", status="pending"),
        ("pending", at(2023, 5, 1)),
        ("active", at(2023, 5, 2)),
        ("withdrawn", at(2025, 12, 31, 23, 30)),
    )
    suspended = membership_history(
        OrganisationFactory(name="Sospesa in estate", status="pending"),
        ("pending", at(2022, 1, 1)),
        ("active", at(2022, 1, 2)),
        ("suspended", at(2025, 7, 1)),
        ("active", at(2025, 8, 1)),
    )
    rejoined = membership_history(
        OrganisationFactory(name="Rientrata", status="pending"),
        ("pending", at(2021, 3, 1)),
        ("active", at(2021, 3, 2)),
        ("withdrawn", at(2022, 6, 30)),
        ("pending", at(2025, 2, 1)),
        ("active", at(2025, 2, 15)),
    )
    return joiner, leaver, suspended, rejoined


def names(qs):
    return sorted(o.name for o in qs)


def test_members_on_the_last_day_of_the_year_before(year_edges):
    assert names(selectors.organisations_active_on(dt.date(2024, 12, 31))) == [
        "Esce a San Silvestro",
        "Sospesa in estate",
    ]


def test_members_on_new_years_day_include_the_join_at_ten_past_midnight(year_edges):
    assert "Entra a Capodanno" in names(selectors.organisations_active_on(dt.date(2025, 1, 1)))


def test_a_withdrawal_at_23_30_on_december_31_ends_that_day(year_edges):
    # At 23:30 in Rome it is already 22:30 UTC of the same day: the leaver is not a member on 31/12.
    assert "Esce a San Silvestro" in names(selectors.organisations_active_on(dt.date(2025, 12, 30)))
    assert "Esce a San Silvestro" not in names(selectors.organisations_active_on(dt.date(2025, 12, 31)))
    assert "Esce a San Silvestro" not in names(selectors.organisations_active_on(dt.date(2026, 1, 1)))


def test_suspension_and_rejoin_are_read_from_history(year_edges):
    assert "Sospesa in estate" not in names(selectors.organisations_active_on(dt.date(2025, 7, 15)))
    assert "Sospesa in estate" in names(selectors.organisations_active_on(dt.date(2025, 8, 1)))
    assert "Rientrata" in names(selectors.organisations_active_on(dt.date(2022, 1, 1)))
    assert "Rientrata" not in names(selectors.organisations_active_on(dt.date(2024, 1, 1)))
    assert "Rientrata" in names(selectors.organisations_active_on(dt.date(2025, 12, 31)))


def test_joined_and_left_in_a_calendar_year(year_edges):
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert names(selectors.organisations_joined_between(*year)) == ["Entra a Capodanno", "Rientrata"]
    assert names(selectors.organisations_left_between(*year)) == ["Esce a San Silvestro"]
    assert names(selectors.organisations_joined_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31))) == []
    assert names(selectors.organisations_left_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))) == []
    assert names(selectors.organisations_left_between(dt.date(2022, 1, 1), dt.date(2022, 12, 31))) == [
        "Rientrata"
    ]


def test_representative_organisations_and_active_representatives(db):
    rep = RepresentativeFactory()
    user = rep.user
    withdrawn = OrganisationFactory(status="withdrawn")
    RepresentativeFactory(user=user, organisation=withdrawn)
    RepresentativeFactory(
        user=UserFactory(), organisation=rep.organisation, is_primary=False, is_active=False
    )
    ended = OrganisationFactory()
    Representative.objects.create(user=user, organisation=ended, is_active=False)
    assert {o.pk for o in selectors.representative_organisations(user)} == {rep.organisation_id, withdrawn.pk}
    active = list(selectors.active_representatives())
    assert [r.pk for r in active] == [rep.pk]


def test_active_representatives_query_count(db, django_assert_num_queries):
    for _ in range(5):
        RepresentativeFactory()
    with django_assert_num_queries(1):
        rows = [(r.user.email, r.organisation.name) for r in selectors.active_representatives()]
    assert len(rows) == 5
