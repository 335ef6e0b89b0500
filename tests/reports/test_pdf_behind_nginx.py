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
