"""The directory's search ignores accents and case; its order is Italian (case and accents ignored).

Run on SQLite by default and on PostgreSQL with DATABASE_URL=postgres://... (both must pass).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.search import fold_text
from members.models import Sector, Theme
from tests.factories import OrganisationFactory


@pytest.fixture
def listed(db):
    def make(name: str, description: str = "Un'organizzazione del territorio."):
        return OrganisationFactory(name=name, description=description, directory_consent=True)

    return make


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_fold_text():
    assert fold_text("Disabilità, ÉLITE, Perché") == "disabilita, elite, perche"


def test_search_ignores_accents_and_case(client, listed):
    listed("Centro per la Disabilità")
    listed("Gruppo Anziani", description="Attività per la TERZA ETÀ e per la disabilità lieve.")
    listed("Circolo velico")
    url = reverse("members:directory")
    for query in ("disabilita", "DISABILITÀ", "Disabilita"):
        html = client.get(url, {"q": query}).content.decode()
        assert "Centro per la Disabilità" in html and "Gruppo Anziani" in html, query
        assert "Circolo velico" not in html, query
    html = client.get(url, {"q": "terza eta"}).content.decode()
    assert "Gruppo Anziani" in html and "Centro per la Disabilità" not in html


def test_directory_sorts_in_italian_order(client, listed):
    names = ["AUSL Romagna", "associazione Zeta", "Associazione Alfa", "Ènte Beta", "Casa del Mare"]
    for name in names:
        listed(name)
    html = client.get(reverse("members:directory")).content.decode()
    assert names_in_order(html, names) == [
        "Associazione Alfa",
        "associazione Zeta",
        "AUSL Romagna",
        "Casa del Mare",
        "Ènte Beta",
    ]


def test_found_count_and_pages_with_filters_and_search(client, db):
    """The count "N organisations found" and the pages follow the filters and the search; one organisation
    in two chosen themes counts once; an organisation without consent or not a member is not counted."""
    elderly, young = Theme.objects.filter(is_active=True)[:2]
    for i in range(23):
        OrganisationFactory(name=f"Casa {i:02d}", directory_consent=True, themes=[elderly, young])
    OrganisationFactory(name="Casa nascosta", directory_consent=False, themes=[elderly])
    OrganisationFactory(name="Casa sospesa", status="suspended", themes=[elderly])
    OrganisationFactory(name="Orto", directory_consent=True, themes=[young])
    url = reverse("members:directory")
    html = client.get(url, {"theme": elderly.slug}).content.decode()
    assert "23 organizzazioni trovate" in html and "Pagina 1 di 2" in html
    html = client.get(url, {"theme": young.slug, "page": 2}).content.decode()
    assert "24 organizzazioni trovate" in html and "Pagina 2 di 2" in html
    assert html.count('<article class="card') == 4
    html = client.get(url, {"q": "casa", "theme": young.slug}).content.decode()
    assert "23 organizzazioni trovate" in html
    html = client.get(url, {"q": "orto"}).content.decode()
    assert "1 organizzazione trovata" in html
    # A write shows on the next request.
    OrganisationFactory(name="Casa nuova", directory_consent=True, themes=[elderly])
    assert "24 organizzazioni trovate" in client.get(url, {"theme": elderly.slug}).content.decode()


def test_facet_options_follow_a_write_on_the_next_request(client, db):
    """The sector options come from the cache under the pages version: a new or deactivated sector shows
    on the next request, with or without a query string."""
    url = reverse("members:directory")
    assert "Sport dilettantistico" not in client.get(url).content.decode()
    sport = Sector.objects.create(name="Sport dilettantistico", slug="sport-dil", position=50)
    assert '<option value="sport-dil">Sport dilettantistico (0)</option>' in client.get(url).content.decode()
    page = client.get(url, {"page": 1}).content.decode()
    assert '<option value="sport-dil">Sport dilettantistico (0)</option>' in page
    sport.is_active = False
    sport.save()
    assert "Sport dilettantistico" not in client.get(url).content.decode()
