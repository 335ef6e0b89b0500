"""Numbers typed the Italian way ("1.250", "4.500,00") are accepted by the portal's numeric fields."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.text import italian_number
from reports.models import InitiativeYear
from tests.factories import InitiativeFactory


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.250", "1250"),
        ("12.500.000", "12500000"),
        ("4.500,00", "4500.00"),
        ("86,1", "86.1"),
        (" 1 250 ", "1250"),
        ("80", "80"),
        ("1.5", "1.5"),
        ("1.25", "1.25"),
        ("abc", "abc"),
    ],
)
def test_italian_number(typed, read):
    assert italian_number(typed) == read


@pytest.mark.django_db
def test_initiative_figures_typed_the_italian_way(org_rep, org_rep_client):
    organisation = org_rep.representations.get().organisation
    initiative = InitiativeFactory(lead_organisation=organisation, status="draft")
    url = f"/area-riservata/iniziative/{initiative.pk}/"
    page = org_rep_client.get(url).content.decode()
    assert 'type="number"' not in page
    assert re.search(
        r'<input[^>]*name="people_reached"[^>]*inputmode="numeric"|<input[^>]*inputmode="numeric"[^>]*name="people_reached"',
        page,
    )
    assert re.search(
        r'<input[^>]*name="budget"[^>]*inputmode="decimal"|<input[^>]*inputmode="decimal"[^>]*name="budget"',
        page,
    )
    org_rep_client.post(
        url,
        {
            "year": "2025",
            "people_reached": "1.250",
            "volunteers": "12",
            "volunteer_hours": "3.400",
            "budget": "4.500,00",
        },
    )
    figures = InitiativeYear.objects.get(initiative=initiative, year=2025)
    assert (figures.people_reached, figures.volunteer_hours, figures.budget) == (
        1250,
        3400,
        Decimal("4500.00"),
    )


@pytest.mark.django_db
def test_a_number_that_is_not_one_keeps_what_was_typed(org_rep, org_rep_client):
    organisation = org_rep.representations.get().organisation
    initiative = InitiativeFactory(lead_organisation=organisation, status="draft")
    response = org_rep_client.post(
        f"/area-riservata/iniziative/{initiative.pk}/",
        {"year": "2025", "people_reached": "mille", "volunteers": "12", "volunteer_hours": "3", "budget": ""},
    )
    assert response.status_code == 200
    assert 'value="mille"' in response.content.decode()
    assert not InitiativeYear.objects.filter(initiative=initiative, year=2025).exists()
