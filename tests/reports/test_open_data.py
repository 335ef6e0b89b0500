"""Open data of a published version: stored per version, tidy, licensed, valid, harvestable, Excel-ready."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reports.services import ReportsError, report_publish
from tests.factories import AnnualReportFactory
from tests.reports.conftest import download


@pytest.fixture
def published(history, staff, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 test")
    report = AnnualReportFactory(year=2024)
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report, by=staff, note="")
    version.refresh_from_db()
    return version


@pytest.mark.django_db
def test_a_year_that_is_not_over_is_not_published(history, staff, staff_client):
    from django.utils import timezone

    this_year = timezone.localdate().year
    report = AnnualReportFactory(year=this_year)
    with pytest.raises(ReportsError) as refused:
        report_publish(report=report, by=staff, note="")
    assert refused.value.message == (
        f"Il {this_year} non è ancora finito: il suo documento si può pubblicare "
        f"dal 1° gennaio {this_year + 1}."
    )
    response = staff_client.post(
        f"/area-riservata/relazioni/{this_year}/pubblica/", {"note": ""}, follow=True
    )
    assert "non è ancora finito" in response.content.decode()
    assert not report.versions.exists()


@pytest.mark.django_db
def test_every_version_keeps_its_own_data(published, staff, client, django_capture_on_commit_callbacks):
    assert published.data_csv.name == "reports/2024/v1/indicatori.csv"
    first_csv = download(client, "/relazioni/2024/versioni/1/indicatori.csv")[1]
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Arrivata dopo", joined_on=__import__("datetime").date(2024, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=published.report, by=staff, note="Aggiunta un'aderente.")
    assert download(client, "/relazioni/2024/versioni/1/indicatori.csv")[1] == first_csv
    latest = download(client, "/relazioni/2024.csv")[1].decode()
    rows = list(csv.reader(io.StringIO(latest)))
    members = [row for row in rows if row[4] == "membership.members_at_year_end"]
    assert members == [
        ["2024", "2", "Organizzazioni aderenti", "Organizzazioni aderenti al 31 dicembre",
         "membership.members_at_year_end", "", "3", "organizzazioni"]
    ]  # fmt: skip
    old = list(csv.reader(io.StringIO(first_csv.decode())))
    assert [row[6] for row in old if row[4] == "membership.members_at_year_end"] == ["2"]
    assert json.loads(download(client, "/relazioni/2024/versioni/1/dati.json")[1])["version"] == 1
    assert json.loads(download(client, "/relazioni/2024.json")[1])["version"] == 2


@pytest.mark.django_db
def test_data_files_are_licensed_and_open_to_any_site(published, client):
    for path in (
        "/relazioni/2024.csv",
        "/relazioni/2024.json",
        "/relazioni/2024/datapackage.json",
        "/relazioni/2024/versioni/1/indicatori-excel.csv",
        "/relazioni/2024/versioni/1/organizzazioni.csv",
        "/relazioni/catalogo-dcat.jsonld",
    ):
        response, _content = download(client, path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert 'rel="license"' in response["Link"], path
    payload = json.loads(download(client, "/relazioni/2024.json")[1])
    assert payload["license"]["name"] == "CC-BY-4.0"
    page = client.get("/relazioni/2024/").content.decode()
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/deed.it"' in page
    assert client.get("/relazioni/2024/versioni/1/altro.csv").status_code == 404
    assert client.get("/relazioni/2024/versioni/9/indicatori.csv").status_code == 404


@pytest.mark.django_db
def test_tidy_csv_one_type_per_column_and_the_excel_copy(published, client):
    rows = list(csv.DictReader(io.StringIO(download(client, "/relazioni/2024.csv")[1].decode("utf-8"))))
    assert {row["anno"] for row in rows} == {"2024"} and {row["versione"] for row in rows} == {"1"}
    for row in rows:
        if row["valore"]:
            float(row["valore"])  # a number, never "80%" or "1.234"
        assert row["unita_di_misura"]
    hours = [row for row in rows if row["chiave"] == "welfare.volunteer_hours"]
    assert hours == [
        {
            "anno": "2024",
            "versione": "1",
            "sezione": "Processi di welfare di comunità",
            "indicatore": "Ore di volontariato",
            "chiave": "welfare.volunteer_hours",
            "dettaglio": "",
            "valore": "900",
            "unita_di_misura": "ore",
        }
    ]
    excel = download(client, "/relazioni/2024/versioni/1/indicatori-excel.csv")[1]
    assert excel.startswith(b"\xef\xbb\xbf")
    first = excel.decode("utf-8-sig").splitlines()[0]
    assert first == "anno;versione;sezione;indicatore;chiave;dettaglio;valore;unita_di_misura"
    organisations = download(client, "/relazioni/2024/versioni/1/organizzazioni.csv")[1].decode()
    assert organisations.splitlines() == [
        "anno,versione,organizzazione,forma_giuridica,zona,settore",
        "2024,1,Pineta ODV,Organizzazione di volontariato (ODV),Cervia centro,Sociale",
        "2024,1,Scuola Deledda,Istituto scolastico,Milano Marittima,Educativo",
    ]


@pytest.mark.django_db
def test_the_data_package_validates_with_frictionless(published, client, tmp_path):
    package = json.loads(client.get("/relazioni/2024/versioni/1/datapackage.json").content)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        content = download(client, f"/relazioni/2024/versioni/1/{resource['path']}")[1]
        (tmp_path / resource["path"]).write_bytes(content)
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(frictionless), "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    errors = [error for task in report["tasks"] for error in task["errors"]]
    assert report["valid"] is True, errors[:5]
    assert result.returncode == 0


@pytest.mark.django_db
def test_dcat_ap_it_describes_each_published_year(published, client):
    catalogue = json.loads(client.get("/relazioni/catalogo-dcat.jsonld").content)
    assert catalogue["@type"] == ["dcat:Catalog", "dcatapit:Catalog"]
    (dataset,) = catalogue["dcat:dataset"]
    assert dataset["dct:title"] == "Tavolo delle Risorse - Documento di sintesi 2024"
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2024-01-01"
    formats = sorted(d["dct:format"]["@id"].rsplit("/", 1)[1] for d in dataset["dcat:distribution"])
    assert formats == ["CSV", "CSV", "CSV", "JSON", "JSON", "PDF"]
    licences = {d["dct:license"]["@id"] for d in dataset["dcat:distribution"]}
    assert licences == {"https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40"}
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert "http://testserver/relazioni/2024/versioni/1/indicatori.csv" in urls
