"""The pages an Italian public administration's site must have: accessibility statement (AgID model),
privacy notice, legal notes, office contacts in the footer, robots.txt and sitemap.xml."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from members.forms import JoinForm
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(settings):
    settings.TAVOLO_OFFICE_ADDRESS = "Piazza Garibaldi 1, 48015 Cervia (RA)"
    settings.TAVOLO_OFFICE_PHONE = "+39 0544 979 111"
    settings.TAVOLO_OFFICE_EMAIL = "welfare@comune.example.it"
    settings.TAVOLO_OFFICE_PEC = "protocollo@pec.comune.example.it"
    return settings


def test_accessibility_statement_follows_the_agid_model(client: Client, settings):
    settings.TAVOLO_ACCESSIBILITY_DRAFTED = dt.date(2026, 11, 30)
    settings.TAVOLO_ACCESSIBILITY_REVIEWED = dt.date(2027, 3, 8)
    settings.TAVOLO_ACCESSIBILITY_STATEMENT_URL = "https://form.agid.gov.it/view/abc"
    page = client.get("/accessibilita/").content.decode()
    for heading in (
        "Stato di conformità",
        "Contenuti non accessibili",
        "Redazione della dichiarazione di accessibilità",
        "Meccanismo di feedback e informazioni di contatto",
        "Procedura di attuazione",
    ):
        assert f">{heading}</h2>" in page
    # The wide tables of the reserved area no longer scroll the page on a phone (issue 13): compliant.
    assert "Questo sito web è conforme ai requisiti" in page and "parzialmente conforme" not in page
    assert "Non sono noti casi di non conformità" in page
    assert "fanno scorrere la pagina in orizzontale" not in page
    assert "redatta il giorno 30 novembre 2026" in page
    assert "riesaminata l'ultima volta il giorno 8 marzo 2027" in page
    assert 'href="https://form.agid.gov.it/view/abc"' in page
    assert 'href="https://form.agid.gov.it/"' in page


def test_privacy_notice_names_controller_dpo_bases_and_cookies(client: Client, office, settings):
    settings.TAVOLO_DPO_NAME = "Lepida S.c.p.A."
    settings.TAVOLO_DPO_EMAIL = "dpo@example.it"
    page = client.get("/privacy/").content.decode()
    # The municipality's name stands alone under the heading: no article is missing in front of it.
    assert "<h2>Titolare del trattamento</h2>\n  <p><strong>Comune di Cervia</strong>." in page
    assert 'Lepida S.c.p.A., <a href="mailto:dpo@example.it">dpo@example.it</a>' in page
    assert "Consenso dell'organizzazione (art. 6.1.a GDPR), revocabile in qualsiasi momento" in page
    assert "revocare in qualsiasi momento il consenso all'elenco pubblico" in page
    for cookie in ("sessionid", "csrftoken", "django_language", "messages"):
        assert f"<code>{cookie}</code>" in page
    assert 'href="mailto:protocollo@pec.comune.example.it"' in page


def test_privacy_notice_without_a_dpo_setting_says_where_to_find_it(client: Client):
    page = client.get("/privacy/").content.decode()
    assert "pubblicato nella sezione privacy del sito del Comune" in page


def test_legal_notes_state_licences(client: Client):
    page = client.get("/note-legali/").content.decode()
    assert "<h1>Note legali</h1>" in page
    assert "CC BY 4.0" in page
    assert "EUPL" in page


def test_footer_shows_only_the_contacts_that_are_set(client: Client, office, settings):
    page = client.get("/").content.decode()
    assert 'href="tel:+390544979111"' in page
    assert 'href="mailto:welfare@comune.example.it"' in page
    assert "Piazza Garibaldi 1, 48015 Cervia (RA)" in page
    assert 'href="/note-legali/"' in page
    assert 'href="/aderisci/"' in page
    settings.TAVOLO_OFFICE_PHONE = ""
    assert "tel:" not in client.get("/").content.decode()


def test_robots_txt_hides_the_reserved_area_and_points_to_the_sitemap(client: Client, settings):
    settings.SITE_URL = "https://tavolo.comune.example.it"
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /area-riservata/" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://tavolo.comune.example.it/sitemap.xml" in lines


def test_sitemap_lists_public_pages_and_no_private_ones(client: Client):
    OrganisationFactory(name="Auser Cervia", slug="auser-cervia")
    hidden = OrganisationFactory(name="Riservata", slug="riservata", directory_consent=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    urls = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    assert "http://testserver/note-legali/" in urls
    assert "http://testserver/organizzazioni/auser-cervia/" in urls
    assert f"http://testserver/organizzazioni/{hidden.slug}/" not in urls
    assert not any("/area-riservata/" in url for url in urls)


def test_directory_consent_is_not_ticked_in_advance():
    assert JoinForm().fields["directory_consent"].initial in (None, False)
    assert "checked" not in str(JoinForm()["directory_consent"])
