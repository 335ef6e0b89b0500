"""The PDF for the council: header cells with scope in the structure tree, readable links, summary annex,
tables without duplicate charts, coat of arms and signature, Italian dates."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.services import report_publish
from tests.factories import AnnualReportFactory


def _structure(reader: PdfReader) -> list[dict]:
    """Every structure element of the tagged PDF, depth first."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get") or ("/S" not in node and "/K" not in node):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


@pytest.fixture
def pdf(history, staff, django_capture_on_commit_callbacks, settings):
    arms = Path(__file__).with_name("stemma-prova.svg")
    settings.TAVOLO_COAT_OF_ARMS = str(arms)
    report = AnnualReportFactory(year=2024, signatory="Maria Rossi", approved_on=dt.date(2025, 3, 14))
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report, by=staff, note="")
    version.refresh_from_db()
    with version.pdf.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db
def test_header_cells_carry_their_scope(pdf):
    elements = _structure(PdfReader(io.BytesIO(pdf)))
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert headers
    scopes = [e["/A"].get_object()["/Scope"] for e in headers]
    assert set(scopes) == {"/Column", "/Row"}
    assert all(scope in ("/Column", "/Row") for scope in scopes)
    # A row header in the flow table ("Organizzazioni aderenti al 1° gennaio") is a Row header.
    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(tables) >= 10


@pytest.mark.django_db
def test_contents_links_are_described_by_their_words(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    descriptions = [
        str(annotation.get_object().get("/Contents"))
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object().get("/Subtype") == "/Link" and "/Dest" in annotation.get_object()
    ]
    assert "1. Le organizzazioni aderenti" in descriptions
    assert "Presentazione dell'Assessore" in descriptions
    assert not any(text.startswith("section-") for text in descriptions)


@pytest.mark.django_db
def test_the_document_reads_as_written_for_the_council(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "L'Assessore al Welfare" in text and "Maria Rossi" in text
    assert "Approvato il 14 marzo 2025" in text
    assert "31 dicembre 2024" in text and "2024-12-31" not in text
    # The annex is a summary: counts and links, not the list (the list is in the HTML and the data).
    assert "http://127.0.0.1:8000/organizzazioni/" in text
    assert "/relazioni/2024/versioni/1/" in text and "organizzazioni.csv" in text
    assert "Organizzazioni presenti" in text and "Seduta" in text
    # The cover carries the coat of arms as a described figure.
    figures = [e for e in _structure(reader) if e["/S"] == "/Figure"]
    assert any(str(e.get("/Alt", "")) == "Stemma del Comune di Cervia" for e in figures)


@pytest.mark.django_db
def test_charts_are_not_printed_next_to_their_tables(history, staff_client):
    AnnualReportFactory(year=2024)
    seen = {}
    real = __import__("reports.pdf", fromlist=["html_to_pdf"]).html_to_pdf

    def keep(html):
        seen["html"] = html
        return real(html)

    import reports.pdf

    reports.pdf.html_to_pdf, original = keep, reports.pdf.html_to_pdf
    try:
        response = staff_client.get("/area-riservata/relazioni/2024/anteprima.pdf")
    finally:
        reports.pdf.html_to_pdf = original
    assert response.status_code == 200
    assert "<svg" not in seen["html"]
    assert seen["html"].count("<table") >= 10
