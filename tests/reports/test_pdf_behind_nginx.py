"""Behind nginx the published PDF is sent by nginx: its public copy (/pubblicati/, no view), or, for a
version without copies yet, the stored file after the portal's own checks (X-Accel-Redirect)."""

from __future__ import annotations

import pytest

from reports.models import ReportVersion
from reports.services import report_publish
from tests.factories import AnnualReportFactory

# The test's PDF is b"%PDF-1.7 test": sha256 eddc31937fbdaf70..., whose first 16 hex digits name the
# folder of its copy.
PDF_COPY = "/pubblicati/relazioni/2024/v1/eddc31937fbdaf70/documento-di-sintesi-2024-v1.pdf"


@pytest.fixture
def published_with_copies(history, staff, django_capture_on_commit_callbacks, monkeypatch):
    """The 2024 report, published as the portal does: its files stored and copied to /pubblicati/."""
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 test")
    with django_capture_on_commit_callbacks(execute=True):
        return report_publish(report=AnnualReportFactory(year=2024), by=staff, note="")


@pytest.fixture
def published(published_with_copies):
    """Published before the public copies existed (an upgrade): the views send the stored files."""
    ReportVersion.objects.filter(pk=published_with_copies.pk).update(public_files={})
    return published_with_copies


@pytest.mark.django_db
@pytest.mark.parametrize("accel", ["/_media/", ""])
def test_with_a_public_copy_the_public_url_redirects_to_it(published_with_copies, client, settings, accel):
    settings.MEDIA_ACCEL_REDIRECT = accel
    response = client.get("/relazioni/2024.pdf")
    assert response.status_code == 302
    assert response["Location"] == PDF_COPY
    assert "X-Accel-Redirect" not in response


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


def test_the_nginx_site_sends_the_public_copies_itself_with_the_same_headers():
    from pathlib import Path

    site = (Path(__file__).resolve().parents[2] / "deploy/nginx/tavolo.conf").read_text()
    block = site.split("location /pubblicati/ {", 1)[1].split("\n    }", 1)[0]
    assert "internal;" not in block
    assert "alias /srv/tavolo/media/pubblicati/;" in block
    assert 'add_header Cache-Control "max-age=315360000, public, immutable";' in block
    assert 'add_header Access-Control-Allow-Origin "*" always;' in block
    assert (
        "add_header Link '<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"' always;" in block
    )
    assert "charset_types text/csv application/json;" in block
    assert "add_header Content-Disposition $tavolo_published_disposition;" in block
    assert "~\\.csv$ attachment;" in site.split("map $uri $tavolo_published_disposition {", 1)[1]
