"""The journey that matters for this app, in a real browser: staff write, preview and publish a report,
then anyone reads it online and downloads its PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from reports.models import ReportVersion
from tests.browser.conftest import (  # noqa: F401 - fixtures of the browser suite
    _browser_settings,
    _plain_http_settings,
    browser_context_args,
    browser_type_launch_args,
    live_server,
)

CHROMIUM = Path("/usr/bin/chromium")


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed: apt-get install chromium"),
]


@pytest.fixture
def browser_page(page, _browser_settings):
    """pytest-playwright's page on Debian's Chromium (the browser suite's launch settings)."""
    return page


@pytest.mark.django_db(transaction=True)
def test_staff_publish_a_report_and_the_public_reads_its_pdf(
    history, staff, live_server, browser_page, settings
):
    page = browser_page
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/area-riservata/relazioni/")
    page.get_by_role("textbox", name="Anno").fill("2024")
    page.get_by_role("button", name="Crea la bozza", exact=True).click()
    assert "La bozza del documento 2024 è stata creata" in page.content()

    page.get_by_label("Presentazione dell'Assessore").fill(
        "Care cittadine e cari cittadini,\n\nun anno di rete."
    )
    page.get_by_label("Conclusioni e priorità per l'anno successivo").fill("## Priorità\nLa casa.")
    page.get_by_role("button", name="Salva i testi", exact=True).click()
    assert "I testi sono stati salvati" in page.content()

    page.get_by_role("link", name="Anteprima sui dati aggiornati").click()
    assert "Anteprima della bozza sui dati aggiornati" in page.content()
    page.go_back()

    page.get_by_role("link", name="Pubblica…", exact=True).click()
    page.get_by_role("button", name="Pubblica la versione 1", exact=True).click(timeout=60_000)
    assert "La versione 1 del documento 2024 è stata pubblicata" in page.content()
    version = ReportVersion.objects.get(report__year=2024)
    assert version.pdf

    public = page.context.browser.new_page()
    public.goto(f"{live_server.url}/relazioni/")
    public.get_by_role("link", name="Documento di sintesi 2024").click()
    assert public.get_by_role("heading", level=1).inner_text().endswith("Documento di sintesi 2024")
    assert "un anno di rete." in public.content()
    href = public.get_by_role("link", name="Scarica il PDF").get_attribute("href")
    response = public.context.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    with version.pdf.open("rb") as stored:
        assert response.body() == stored.read()
