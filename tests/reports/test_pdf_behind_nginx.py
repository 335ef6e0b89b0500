"""Behind nginx the published PDF is sent by nginx (X-Accel-Redirect), after the portal's own checks."""

from __future__ import annotations

import pytest

from tests.factories import AnnualReportFactory
from tests.reports.test_views import published  # noqa: F401 - the published 2024 report


@pytest.mark.django_db
def test_with_media_accel_redirect_nginx_sends_the_stored_pdf(published, client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    response = client.get("/relazioni/2024.pdf")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_media/reports/2024/documento-di-sintesi-2024-v1.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="documento-di-sintesi-2024-v1.pdf"'
    assert response.content == b""


@pytest.mark.django_db
def test_without_it_django_streams_the_file(published, client, settings):
    settings.MEDIA_ACCEL_REDIRECT = ""
    response = client.get("/relazioni/2024.pdf")
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


@pytest.mark.django_db
def test_a_draft_year_is_not_handed_to_nginx(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    AnnualReportFactory(year=2023)
    response = client.get("/relazioni/2023.pdf")
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "stored", "disposition"),
    [
        (
            "indicatori.csv",
            "reports/2024/v1/indicatori.csv",
            'attachment; filename="tavolo-delle-risorse-2024-v1.csv"',
        ),
        ("dati.json", "reports/2024/v1/dati.json", 'inline; filename="tavolo-delle-risorse-2024-v1.json"'),
    ],
)
def test_the_stored_open_data_is_sent_by_nginx_too(published, client, settings, name, stored, disposition):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    response = client.get(f"/relazioni/2024/versioni/1/{name}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{stored}"
    assert response["Content-Disposition"] == disposition
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


@pytest.mark.django_db
def test_without_it_django_sends_the_open_data_with_its_headers(published, client, settings):
    settings.MEDIA_ACCEL_REDIRECT = ""
    response = client.get("/relazioni/2024/versioni/1/indicatori.csv")
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert response.content.decode("utf-8").startswith("anno,")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_the_nginx_site_sends_published_report_files_with_the_open_data_headers():
    from pathlib import Path

    site = (Path(__file__).resolve().parents[2] / "deploy/nginx/tavolo.conf").read_text()
    block = site.split("location /_media/reports/ {", 1)[1].split("\n    }", 1)[0]
    assert "internal;" in block
    assert "alias /srv/tavolo/media/reports/;" in block
    assert 'add_header Access-Control-Allow-Origin "*" always;' in block
    assert (
        "add_header Link '<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"' always;" in block
    )
    assert "text/csv csv;" in block
