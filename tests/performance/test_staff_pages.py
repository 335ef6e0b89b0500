"""The office's pages on more rows than a page holds (issue 17): the applications queue paginated, the
dashboards' shared sections kept rendered but never stale after a change, and the list filters written
out with the value chosen still selected."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/area-riservata/organizzazioni/domande/"
ROW = re.compile(r'<th scope="row"><a href="/area-riservata/organizzazioni/\d+/">')


def _text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _queries(client, path: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_queue_shows_25_applications_a_page_oldest_first(staff_client):
    for i in range(30):
        OrganisationFactory(status="pending", name=f"Domanda {i:02d}")
    first = staff_client.get(QUEUE)
    html = first.content.decode()
    assert len(ROW.findall(html)) == 25
    assert "30 domande in attesa" in _text(first)
    assert "Pagina 1 di 2" in _text(first)
    assert 'href="?page=2"' in html
    second = staff_client.get(QUEUE + "?page=2")
    assert len(ROW.findall(second.content.decode())) == 5
    # Oldest first: the first ones sent are on the first page, the last five on the second.
    assert "Domanda 00" in _text(first) and "Domanda 29" not in _text(first)
    assert "Domanda 29" in _text(second)


def test_the_staff_list_filter_keeps_the_chosen_status_selected(staff_client):
    OrganisationFactory(status="pending")
    html = staff_client.get("/area-riservata/organizzazioni/?status=pending").content.decode()
    assert '<option value="pending" selected>' in html
    assert '<option value="" selected>Tutti i settori</option>' in html
    refused = staff_client.get("/area-riservata/organizzazioni/?status=nessuno").content.decode()
    assert 'class="form-select is-invalid" id="id_status"' in refused


def test_the_staff_dashboard_follows_a_new_application_at_once(staff_client):
    OrganisationFactory(status="pending")
    first_count, first = _queries(staff_client, "/area-riservata/")
    assert re.search(r"\b1 domanda in attesa di esame\b", _text(first))
    kept_count, _kept = _queries(staff_client, "/area-riservata/")
    # The office's panels are kept rendered: the second visit reads none of their rows.
    assert kept_count <= first_count - 8, (first_count, kept_count)
    OrganisationFactory(status="pending")
    again = staff_client.get("/area-riservata/")
    assert re.search(r"\b2 domande in attesa di esame\b", _text(again))


def test_the_chair_dashboard_follows_a_new_meeting_at_once(assessore_client):
    before = _text(assessore_client.get("/area-riservata/"))
    assert "Assemblea straordinaria" not in before
    MeetingFactory(title="Assemblea straordinaria", status="convened")
    after = _text(assessore_client.get("/area-riservata/"))
    assert "Assemblea straordinaria" in after


def test_without_the_cache_the_dashboards_render_every_time(settings, staff_client):
    settings.TAVOLO_PAGE_CACHE_SECONDS = 0
    staff_client.get("/area-riservata/")  # the person's unread count is kept from their first page on
    first, _ = _queries(staff_client, "/area-riservata/")
    second, _ = _queries(staff_client, "/area-riservata/")
    assert first == second
