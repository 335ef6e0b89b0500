"""Every figure of the report, checked against the small history of conftest.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reports.figures import compute_figures
from reports.opendata import Row, indicator_rows


def _counts(rows, key="label"):
    return {row[key]: row["count"] for row in rows if row["count"]}


@pytest.mark.django_db
def test_membership_from_history(history):
    figures = compute_figures(2024)
    membership = figures["membership"]
    assert membership["members_at_year_end"] == 2
    assert membership["joined"] == 1  # Meteora, in March
    assert membership["withdrew"] == 1  # Meteora, in October
    # Flow: 2 at 1 January (Pineta, Scuola) + 1 entry (Meteora) - 1 exit (Meteora) = 2.
    assert (membership["members_at_start"], membership["entries"], membership["exits"]) == (2, 1, 1)
    assert _counts(membership["by_sector"]) == {"Sociale": 1, "Educativo": 1}
    assert [row["count"] for row in membership["by_nature"]] == [1, 1]
    assert _counts(membership["by_legal_form"]) == {
        "Organizzazione di volontariato (ODV)": 1,
        "Istituto scolastico": 1,
    }
    assert _counts(membership["by_area"]) == {"Cervia centro": 1, "Milano Marittima": 1}
    assert membership["trend"] == [
        {"year": 2022, "members": 1},
        {"year": 2023, "members": 2},
        {"year": 2024, "members": 2},
    ]
    assert figures["annex"]["organisations"] == [
        {
            "name": "Pineta ODV",
            "legal_form": "Organizzazione di volontariato (ODV)",
            "area": "Cervia centro",
            "sectors": ["Sociale"],
        },
        {
            "name": "Scuola Deledda",
            "legal_form": "Istituto scolastico",
            "area": "Milano Marittima",
            "sectors": ["Educativo"],
        },
    ]


@pytest.mark.django_db
def test_membership_of_the_year_the_member_joined_and_left(history):
    membership = compute_figures(2023)["membership"]
    assert (membership["members_at_year_end"], membership["joined"], membership["withdrew"]) == (2, 1, 0)
    assert compute_figures(2025)["membership"]["joined"] == 0


@pytest.mark.django_db
def test_meeting_on_31_december_counts_in_that_year(history):
    meetings = compute_figures(2024)["meetings"]
    assert meetings["meetings_held"] == 1
    assert meetings["attendance"] == [
        {"meeting": "Plenaria di fine anno", "date": "2024-12-31", "present": 1, "invited": 2}
    ]
    assert meetings["topics_by_theme"] == [{"theme": "Anziani", "count": 1}]
    assert meetings["routings_total"] == 1
    assert meetings["routings_answered_on_time"] == 1
    assert compute_figures(2025)["meetings"]["meetings_held"] == 0


@pytest.mark.django_db
def test_course_across_the_new_year_counts_its_lessons_in_each_year(history):
    assert compute_figures(2024)["training"]["hours"] == 3
    assert compute_figures(2025)["training"]["hours"] == 3
    assert compute_figures(2024)["training"]["sessions"] == 1


@pytest.mark.django_db
def test_welfare_section(history):
    welfare = compute_figures(2024)["welfare"]
    # The draft and the initiative that ended in 2023 are not counted.
    assert welfare["initiatives_active"] == 2
    assert [row["title"] for row in welfare["initiatives"]] == ["Doposcuola solidale", "Estate anziani"]
    assert (welfare["people_reached"], welfare["volunteers"], welfare["volunteer_hours"]) == (160, 21, 900)
    assert _counts(welfare["by_theme"]) == {"Anziani": 1, "Minori e famiglie": 1, "Istruzione": 1}
    assert _counts(welfare["by_target_group"]) == {"Anziani": 1, "Minori": 1, "Famiglie": 1}
    assert _counts(welfare["by_area"]) == {"Cervia centro": 1, "Pinarella": 1}
    assert _counts(welfare["by_funding_source"]) == {"Fondi propri": 2, "Contributo regionale": 1}
    assert _counts(welfare["services_involved"]) == {"Servizi sociali": 1}
    network = welfare["network"]
    # Pineta->Scuola, Pineta->Meteora, Scuola->Pineta: three lead-partner pairs among three organisations.
    assert (network["organisations"], network["partnerships"]) == (3, 3)
    assert network["partnerships_across_sectors"] == 2
    assert _counts(network["by_sector_pair"]) == {"Educativo – Sociale": 2, "Sociale – Sociale": 1}
    # Resources of the organisations that were members during the year (Meteora until October, so
    # its equipment counts: corrected from [1, 1, 0, 0], which counted members at year end only),
    # and only those available: these have no availability history, so today's flag stands in.
    assert [row["count"] for row in welfare["resources_by_kind"]] == [1, 1, 1, 0]


@pytest.mark.django_db
def test_figures_are_json_and_hold_no_personal_data(history, org_rep):
    figures = compute_figures(2024)
    text = json.dumps(figures)
    assert org_rep.email not in text
    assert "@" not in text


@pytest.mark.django_db
def test_open_data_rows_cover_the_figures(history):
    rows = indicator_rows(compute_figures(2024))
    org = "Organizzazioni aderenti"
    assert (
        Row(
            org,
            "Organizzazioni aderenti al 31 dicembre",
            "membership.members_at_year_end",
            "",
            2,
            "organizzazioni",
        )
        in rows
    )
    assert (
        Row(
            org,
            "Organizzazioni aderenti al 31 dicembre di ogni anno",
            "membership.trend.members",
            "2022",
            1,
            "organizzazioni",
        )
        in rows
    )
    assert (
        Row(
            "Processi di welfare di comunità",
            "Collaborazioni tra un'organizzazione capofila e una partner",
            "welfare.network.partnerships",
            "",
            3,
            "collaborazioni",
        )
        in rows
    )


@pytest.mark.django_db
def test_figures_queries_do_not_grow_with_rows(history, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import InitiativeFactory, InitiativeYearFactory, OrganisationFactory, ResourceFactory

    with CaptureQueriesContext(connection) as before:
        compute_figures(2024)
    for n in range(6):
        org = OrganisationFactory(name=f"Aggiunta {n}", joined_on=dt.date(2023, 4, 1))
        ResourceFactory(organisation=org)
        initiative = InitiativeFactory(lead_organisation=org, partners=[history["pineta"], history["scuola"]])
        InitiativeYearFactory(initiative=initiative, year=2024)
    with django_assert_max_num_queries(len(before.captured_queries)):
        figures = compute_figures(2024)
    assert figures["membership"]["members_at_year_end"] == 8
    assert figures["welfare"]["initiatives_active"] == 8
