"""The long lists of issue 17 at two data sizes, both larger than one page: the same number of queries,
one page of rows, the filters kept in the pagination links, and the published report served from its
stored page without reading the frozen figures.

The general test (test_query_counts.py) measures every page on worlds smaller than a page; these build
more rows than a page holds, which is where an unpaginated list or a count per row shows.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AnnualReportFactory,
    InitiativeFactory,
    InitiativeYearFactory,
    LessonFactory,
    OrganisationFactory,
    RegistrationFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These count the views' own queries: the anonymous page cache would answer the second request."""
    settings.TAVOLO_PAGE_CACHE_SECONDS = 0


def _queries(client, path: str) -> tuple[int, str, list[str]]:
    client.get(path)  # warm per-process caches (translations, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(ctx.captured_queries), response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _facet_counts(sql: list[str]) -> list[str]:
    """The facet counts' query (one UNION ALL of grouped counts; the cards' badges are another UNION ALL)."""
    return [q for q in sql if "UNION ALL" in q and "COUNT(" in q]


def _organisations(n: int) -> None:
    for _ in range(n):
        OrganisationFactory(directory_consent=True)


def test_directory_same_queries_at_25_and_50_organisations_and_one_page(client):
    _organisations(25)
    small, _html, sql = _queries(client, "/organizzazioni/")
    _organisations(25)
    large, html, _sql = _queries(client, "/organizzazioni/")
    assert large == small, f"{small} queries with 25 organisations, {large} with 50"
    # The filter options and their counts are kept under the pages version: the warm-up request
    # counted them, the measured one reads them from the cache.
    assert not _facet_counts(sql), sql
    assert small <= 2, sql  # the rows, the sectors' and themes' names
    assert html.count('<article class="card') == 20
    assert "50 organizzazioni trovate" in html
    assert "Pagina 1 di 3" in html


def test_directory_facet_counts_come_from_one_query_then_the_cache(client):
    _organisations(3)
    with CaptureQueriesContext(connection) as first:
        client.get("/organizzazioni/")
    # The four facets' counts in one query, not one per facet; the options of three facets.
    assert len(_facet_counts([q["sql"] for q in first.captured_queries])) == 1
    with CaptureQueriesContext(connection) as second:
        client.get("/organizzazioni/")
    assert not _facet_counts([q["sql"] for q in second.captured_queries])
    assert len(second.captured_queries) == len(first.captured_queries) - 4


def test_directory_facet_counts_change_on_the_next_request_after_a_write(client):
    social = theme("anziani")
    for _ in range(2):
        OrganisationFactory(directory_consent=True, themes=[social])
    assert f"{social.name} (2)" in client.get("/organizzazioni/").content.decode()
    OrganisationFactory(directory_consent=True, themes=[social])
    html = client.get("/organizzazioni/").content.decode()
    assert f"{social.name} (3)" in html
    assert "3 organizzazioni trovate" in html


def test_directory_filtered_keeps_the_filter_in_the_page_links(client):
    _organisations(45)
    count, html, sql = _queries(client, "/organizzazioni/?sector=sociale")
    # the chosen sector, the rows, the sectors' and themes' names (the counts from the cache)
    assert count <= 3, "\n".join(sql)
    assert 'href="?sector=sociale&amp;page=2"' in html


def _past_session(i: int) -> None:
    session = TrainingSessionFactory(lessons=0, status="closed", title=f"Corso passato {i}")
    start = timezone.now() - dt.timedelta(days=40 + i)
    for week in range(3):
        LessonFactory(session=session, starts_at=start - dt.timedelta(days=7 * week))
    for _ in range(4):
        RegistrationFactory(session=session)


def test_training_same_queries_at_15_and_30_past_sessions_and_one_page(client):
    for i in range(15):
        _past_session(i)
    TrainingSessionFactory(lessons=2)  # one still to come
    small, _html, sql = _queries(client, "/formazione/")
    for i in range(15, 30):
        _past_session(i)
    large, html, _sql = _queries(client, "/formazione/")
    assert large == small, f"{small} queries with 15 past sessions, {large} with 30"
    assert small <= 8
    # Seats and first lesson are counted by subqueries: no join of lessons with registrations,
    # and the paginator's COUNT carries none of them.
    listing = [q for q in sql if 'FROM "training_trainingsession"' in q]
    assert listing and all("GROUP BY" not in q.split("FROM", 1)[1].split("(SELECT")[0] for q in listing), (
        listing
    )
    counts = [q for q in sql if q.startswith("SELECT COUNT(*)")]
    assert counts and all("training_registration" not in q for q in counts), counts
    assert html.count("Corso passato") == 12
    assert "Pagina 1 di 3" in html


def test_training_seat_counts_are_right(client):
    """3 lessons and 4 confirmed registrations: 4 taken (not 12, as a join of the two would count)."""
    session = TrainingSessionFactory(lessons=3, capacity=10)
    for _ in range(4):
        RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="waiting")
    from training.selectors import session_for_page

    shown = session_for_page(session.pk)
    assert (shown.confirmed_count, shown.waiting_count, shown.seats_left) == (4, 1, 6)
    assert shown.starts_at == session.lessons.order_by("starts_at").first().starts_at


def _proposals(n: int) -> None:
    for _ in range(n):
        TopicProposalFactory()


def test_staff_proposals_same_queries_at_30_and_60_and_one_page(staff_client):
    _proposals(30)
    small, _html, _sql = _queries(staff_client, "/area-riservata/proposte/da-decidere/")
    _proposals(30)
    large, html, _sql = _queries(staff_client, "/area-riservata/proposte/da-decidere/")
    assert large == small, f"{small} queries with 30 proposals, {large} with 60"
    assert small <= 12
    assert len(re.findall(r'href="/area-riservata/proposte/\d+/', html)) == 25
    assert "60 proposte trovate" in html
    assert "Pagina 1 di 3" in html


def test_staff_proposals_filters_kept_in_the_page_links(staff_client):
    _proposals(26)
    for _ in range(30):
        TopicProposalFactory(themes=[theme("giovani")])
    _count, html, _sql = _queries(staff_client, "/area-riservata/proposte/da-decidere/?theme=giovani")
    assert "30 proposte trovate" in html
    assert 'href="?theme=giovani&amp;page=2"' in html
    page2 = staff_client.get("/area-riservata/proposte/da-decidere/?theme=giovani&page=2").content.decode()
    assert len(re.findall(r'href="/area-riservata/proposte/\d+/', page2)) == 5


def _report_with_initiatives(n: int, staff) -> None:
    from reports.services import report_publish

    for _ in range(n):
        lead = OrganisationFactory()
        InitiativeYearFactory(initiative=InitiativeFactory(lead_organisation=lead))
    report_publish(report=AnnualReportFactory(year=2024), by=staff)


@pytest.mark.parametrize("initiatives", [3, 12])
def test_published_report_page_reads_its_stored_page_not_the_figures(client, staff, initiatives):
    _report_with_initiatives(initiatives, staff)
    count, html, sql = _queries(client, "/relazioni/2024/")
    assert count <= 3, sql
    assert not any('"reports_reportversion"."figures"' in q for q in sql), sql
    assert "Documento di sintesi" in html


def test_staff_training_same_queries_at_30_and_60_sessions_and_one_page(staff_client):
    for _ in range(30):
        TrainingSessionFactory(lessons=2)
    small, _html, _sql = _queries(staff_client, "/area-riservata/formazione/")
    for _ in range(30):
        TrainingSessionFactory(lessons=2)
    large, html, _sql = _queries(staff_client, "/area-riservata/formazione/")
    assert large == small, f"{small} queries with 30 sessions, {large} with 60"
    assert len(re.findall(r'href="/area-riservata/formazione/\d+/"', html)) == 25
    assert "Pagina 1 di 3" in html
