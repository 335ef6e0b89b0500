"""The PDF lists the initiatives one by one only while the list is short: a longer list stays on the
report's web page and in the open data, and the PDF says where (as it does for the annex). The web page
always lists every initiative. Long tables flow across pages instead of jumping to the next one whole."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

import reports.pdf
from reports.pdf import report_html
from reports.presentation import report_context

PUBLISHED = timezone.make_aware(dt.datetime(2025, 3, 20, 10, 0))


def _initiative(number: int) -> dict:
    return {
        "title": f"Iniziativa numero {number}",
        "lead": f"Associazione {number}",
        "period": "",
        "starts_on": "2024-03-01",
        "ends_on": None,
        "partners": 1,
        "people_reached": 10,
    }


def _figures(initiatives: int) -> dict:
    return {"year": 2024, "welfare": {"initiatives": [_initiative(n) for n in range(1, initiatives + 1)]}}


def _html(initiatives: int) -> str:
    return report_html(
        year=2024, figures=_figures(initiatives), narrative={}, version=2, published_at=PUBLISHED
    )


def _initiative_rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(Iniziativa numero \d+)</th>', html)


@pytest.fixture
def three_at_most(monkeypatch):
    monkeypatch.setattr(reports.pdf, "PDF_INITIATIVES_LISTED", 3)


def test_a_short_list_is_printed_in_full(three_at_most):
    html = _html(3)
    assert _initiative_rows(html) == ["Iniziativa numero 1", "Iniziativa numero 2", "Iniziativa numero 3"]
    assert "Iniziative di welfare di comunità attive nel 2024" in html
    assert "/relazioni/2024/versioni/2/dati.json" not in html


def test_a_long_list_stays_on_the_web_page_and_in_the_data(three_at_most):
    html = _html(4)
    assert _initiative_rows(html) == []
    assert "Iniziative di welfare di comunità attive nel 2024" not in html
    assert "L'elenco delle iniziative, con il soggetto capofila, il periodo, i partner" in html
    # Where the list is: the year's page (at the list's heading) and this version's data.
    assert 'href="http://127.0.0.1:8000/relazioni/2024/#welfare-list"' in html
    assert 'href="http://127.0.0.1:8000/relazioni/2024/versioni/2/dati.json"' in html


def test_the_web_page_lists_every_initiative(three_at_most):
    with override("it"):
        page = render_to_string(
            "reports/_sections.html", report_context(year=2024, figures=_figures(4), narrative={})
        )
    assert len(_initiative_rows(page)) == 4
    assert 'id="welfare-list"' in page


def test_the_default_limit_keeps_about_three_pages_of_initiatives():
    assert reports.pdf.PDF_INITIATIVES_LISTED == 50
    assert len(_initiative_rows(_html(50))) == 50
    assert _initiative_rows(_html(51)) == []


def test_long_tables_may_break_across_pages():
    """A table of more than 14 rows is marked long (it flows with repeated headers); a shorter one is
    kept whole on one page by the stylesheet."""
    figures = {
        "year": 2024,
        "meetings": {
            "services_involved": [
                {"service": f"Servizio {n}", "routings": 1, "answered_on_time": 1} for n in range(15)
            ],
            "attendance": [
                {"meeting": f"Seduta {n}", "date": "2024-05-06", "present": 3, "invited": 4}
                for n in range(14)
            ],
        },
    }
    html = report_html(year=2024, figures=figures, narrative={}, version=1, published_at=PUBLISHED)
    services = html[html.index('id="meetings-services"') : html.index('id="meetings-attendance"')]
    attendance = html[html.index('id="meetings-attendance"') : html.index('id="section-training"')]
    assert 'class="report-table-wrap report-table-long"' in services
    assert 'class="report-table-wrap"' in attendance
