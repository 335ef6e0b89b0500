"""A published version's public page is rendered once, at publication, and served as stored: byte for byte
what a live render gave at that moment, and unchanged by anything that happens to the data afterwards."""

from __future__ import annotations

import pytest
from django.utils import translation

from members.models import Organisation
from reports.models import ReportVersionPage
from reports.presentation import published_page_body
from reports.selectors import versions_of
from reports.services import report_publish
from tests.factories import AnnualReportFactory, InitiativeFactory, InitiativeYearFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(history, staff):
    report = AnnualReportFactory(year=2024)
    version = report_publish(report=report, by=staff, note="")
    # What a live render of the page body gives right after publication, in each language.
    live = {}
    for language in ("it", "en"):
        with translation.override(language):
            live[language] = str(published_page_body(version, versions_of(report)))
    return version, live


def _body(response) -> str:
    return response.content.decode()


def test_publication_stores_the_page_in_every_language_byte_identical_to_a_live_render(published):
    version, live = published
    stored = {p.language: p.html for p in ReportVersionPage.objects.filter(version=version)}
    assert set(stored) == {"it", "en"}
    assert stored["it"] == live["it"]
    assert stored["en"] == live["en"]
    assert "Pineta ODV" in stored["it"]  # the annex lists the members at 31 December
    assert stored["it"] != stored["en"]


def test_the_public_page_serves_the_stored_body(published, client):
    _version, live = published
    html = _body(client.get("/relazioni/2024/"))
    assert live["it"] in html
    assert html.count("<h1") == 1


def test_later_changes_to_the_data_do_not_change_the_page(published, client, settings):
    version, live = published
    before = ReportVersionPage.objects.get(version=version, language="it").html
    # The data the figures came from changes after publication...
    pineta = Organisation.objects.get(name="Pineta ODV")
    pineta.name = "Pineta ODV (nuovo nome)"
    pineta.save()
    late = OrganisationFactory(name="Arrivata Dopo APS", directory_consent=True)
    InitiativeYearFactory(initiative=InitiativeFactory(lead_organisation=late, title="Iniziativa tardiva"))
    settings.TAVOLO_MUNICIPALITY = "Comune di Altrove"
    # ...and the page does not.
    html = _body(client.get("/relazioni/2024/"))
    assert before in html
    assert "Arrivata Dopo APS" not in html
    assert "Iniziativa tardiva" not in html
    assert "Pineta ODV (nuovo nome)" not in html
    assert ReportVersionPage.objects.get(version=version, language="it").html == before == live["it"]


def test_a_new_version_gets_its_own_page_and_the_first_keeps_its_own(published, staff, client):
    version, live = published
    second = report_publish(report=version.report, by=staff, note="Corretto un refuso.")
    html = _body(client.get("/relazioni/2024/"))
    assert "Versione 2" in html
    assert "Corretto un refuso." in html
    assert "Versioni precedenti" in html  # the earlier version is listed on the new page
    assert "(PDF)</a>" in html
    assert ReportVersionPage.objects.get(version=version, language="it").html == live["it"]
    assert ReportVersionPage.objects.filter(version=second).count() == 2


def test_a_version_published_before_pages_were_stored_gets_its_page_on_first_visit(published, client):
    version, live = published
    ReportVersionPage.objects.filter(version=version).delete()
    html = _body(client.get("/relazioni/2024/"))
    assert live["it"] in html
    assert ReportVersionPage.objects.filter(version=version).count() == 2


def test_the_draft_preview_still_renders_live(history, staff_client):
    AnnualReportFactory(year=2024)
    response = staff_client.get("/area-riservata/relazioni/2024/anteprima/")
    assert response.status_code == 200
    assert "Anteprima della bozza sui dati aggiornati: non è pubblica." in _body(response)
    assert not ReportVersionPage.objects.exists()
