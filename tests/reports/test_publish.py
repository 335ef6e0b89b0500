"""Publication: frozen figures and PDF, new versions, the PDF's pages, text and tags, open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from reports.figures import compute_figures
from reports.models import InitiativeStatus, ReportStatus
from reports.services import ReportsError, report_publish
from tests.factories import AnnualReportFactory, OrganisationFactory
from tests.reports.conftest import download


@pytest.fixture
def published(history, staff, django_capture_on_commit_callbacks):
    report = AnnualReportFactory(year=2024)
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report, by=staff, note="")
    version.refresh_from_db()
    return version


@pytest.mark.django_db
def test_publish_freezes_figures_and_renders_the_pdf_once(published, history, staff):
    assert published.number == 1
    assert published.report.status == ReportStatus.PUBLISHED
    assert published.figures == compute_figures(2024)
    assert published.pdf
    with published.pdf.open("rb") as stored:
        pdf_bytes = stored.read()

    # The data change after publication...
    OrganisationFactory(name="Arrivata dopo", joined_on=dt.date(2024, 6, 1))
    history["doposcuola"].status = InitiativeStatus.REJECTED
    history["doposcuola"].save()
    assert compute_figures(2024)["membership"]["members_at_year_end"] == 3

    # ...the published version does not.
    published.refresh_from_db()
    assert published.figures["membership"]["members_at_year_end"] == 2
    assert published.figures["welfare"]["initiatives_active"] == 2
    with published.pdf.open("rb") as stored:
        assert stored.read() == pdf_bytes


@pytest.mark.django_db
def test_publishing_again_creates_a_new_version_with_a_note(
    published, staff, django_capture_on_commit_callbacks
):
    with pytest.raises(ReportsError, match="nota"):
        report_publish(report=published.report, by=staff, note="")
    with django_capture_on_commit_callbacks(execute=True):
        second = report_publish(report=published.report, by=staff, note="Corretto il numero di volontari.")
    assert second.number == 2
    assert list(published.report.versions.order_by("number").values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_only_staff_publish(history, org_rep):
    report = AnnualReportFactory(year=2024)
    with pytest.raises(ReportsError):
        report_publish(report=report, by=org_rep, note="")
    assert not report.versions.exists()


@pytest.mark.django_db
def test_the_pdf_has_cover_contents_footer_and_tags(published):
    with published.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    assert count >= 8
    assert "Tavolo delle Risorse - Documento di sintesi 2024" in pages[0].replace("\n", " ")
    assert "Comune di Cervia".upper() in pages[0].upper()
    assert f"pagina 1 di {count}" in pages[0]
    assert f"pagina {count} di {count}" in pages[-1]
    text = "\n".join(pages)
    for heading in (
        "Indice",
        "Le organizzazioni aderenti",
        "Gli incontri del Tavolo",
        "La formazione",
        "I processi di welfare di comunità",
        "Conclusioni e priorità per il 2025",
        "Allegato",
    ):
        assert heading in text, heading
    assert "Scuola Deledda" in text
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "it"
    assert reader.metadata.title == "Tavolo delle Risorse - Documento di sintesi 2024"


@pytest.mark.django_db
def test_open_data_equals_the_published_figures(published, client):
    response, content = download(client, "/relazioni/2024.json")
    assert response.status_code == 200
    payload = json.loads(content)
    assert payload["figures"] == published.figures
    assert payload["version"] == 1

    response, content = download(client, "/relazioni/2024.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[0] == [
        "anno",
        "versione",
        "sezione",
        "indicatore",
        "chiave",
        "dettaglio",
        "valore",
        "unita_di_misura",
    ]
    assert [
        "2024",
        "1",
        "Organizzazioni aderenti",
        "Organizzazioni aderenti al 31 dicembre",
        "membership.members_at_year_end",
        "",
        "2",
        "organizzazioni",
    ] in rows


@pytest.mark.django_db
def test_the_pdf_url_serves_the_stored_file(published, client, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: pytest.fail("rendered in the request"))
    response, content = download(client, "/relazioni/2024.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with published.pdf.open("rb") as stored:
        assert content == stored.read()
