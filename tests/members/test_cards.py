"""The directory's and the services' cards, written by template tags in one pass: what each card shows,
escaped, and that a change shows on the next request (expected answers written by hand)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Sector, Theme
from members.templatetags.members_tags import facet_options
from tests.factories import MunicipalServiceFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_directory_card_shows_name_link_contacts_and_sectors_escaped(client):
    OrganisationFactory(
        name='Amici <del> & "soci"',
        slug="amici-soci",
        directory_consent=True,
        description="Parole " * 40,
        phone="+39 0544 123456",
    )
    page = client.get(reverse("members:directory")).content.decode()
    assert '<a href="/organizzazioni/amici-soci/">Amici &lt;del&gt; &amp; &quot;soci&quot;</a>' in page
    assert "<del>" not in page
    assert '<p class="card-text">' + "Parole " * 29 + "Parole …</p>" in page  # 30 words
    assert 'href="tel:+390544123456"' in page and "Telefono di Amici &lt;del&gt;" in page
    assert 'href="mailto:info' in page
    assert '<span class="badge bg-primary me-1">Sociale</span>' in page


def test_directory_card_without_contacts_description_or_area(client):
    OrganisationFactory(name="Senza recapiti", directory_consent=True, email="", description="", area=None)
    page = client.get(reverse("members:directory")).content.decode()
    card = page[page.index("Senza recapiti") : page.index("</article>", page.index("Senza recapiti"))]
    assert "tavolo-card-contacts" not in card and "card-text" not in card and "&middot;" not in card


def test_directory_card_change_shows_on_the_next_request(client):
    organisation = OrganisationFactory(name="Nome di prima", directory_consent=True)
    assert "Nome di prima" in client.get(reverse("members:directory")).content.decode()
    organisation.name = "Nome di dopo"
    organisation.save()
    page = client.get(reverse("members:directory")).content.decode()
    assert "Nome di dopo" in page and "Nome di prima" not in page


def test_facet_options_mark_the_chosen_one_and_escape():
    facet = {
        "selected": "b",
        "options": [
            {"value": "a", "label": "Uno & due", "count": 3},
            {"value": "b", "label": "Tre", "count": 0},
        ],
    }
    html = facet_options(facet)
    assert '<option value="a">Uno &amp; due (3)</option>' in html
    assert '<option value="b" selected>Tre (0)</option>' in html


def test_service_cards_show_referents_by_name_or_e_mail(client):
    named = UserFactory(first_name="Lucia", last_name="Bianchi")
    unnamed = UserFactory(first_name="", last_name="", email="ufficio@comune.example.it")
    MunicipalServiceFactory(
        name="Servizi <sociali>", slug="servizi-sociali", office="", phone="", referents=[named, unnamed]
    )
    page = client.get(reverse("members:services")).content.decode()
    assert '<a href="/servizi/servizi-sociali/">Servizi &lt;sociali&gt;</a>' in page
    # ordered by last name: the one without a name (an empty last name) comes first
    assert "<dd>ufficio@comune.example.it, Lucia Bianchi</dd>" in page
    assert "<dt>Ufficio</dt>" not in page and " &middot; " not in page


def test_directory_card_badges_in_order_of_position_then_name(client):
    late = Sector.objects.create(name="Aaa ultimo", slug="aaa-ultimo", position=99)
    first = Sector.objects.create(name="Zzz primo", slug="zzz-primo", position=0)
    same_b = Theme.objects.create(name="Bbb", slug="bbb", position=5)
    same_a = Theme.objects.create(name="Aaa", slug="aaa", position=5)
    OrganisationFactory(
        name="Con badge", directory_consent=True, sectors=[late, first], themes=[same_b, same_a]
    )
    OrganisationFactory(name="Senza temi", directory_consent=True, sectors=[first], themes=[])
    page = client.get(reverse("members:directory")).content.decode()
    card = page[page.index("Con badge") : page.index("</article>", page.index("Con badge"))]
    assert card.index(">Zzz primo<") < card.index(">Aaa ultimo<")
    assert card.index(">Aaa</span>") < card.index(">Bbb</span>")
    card = page[page.index("Senza temi") : page.index("</article>", page.index("Senza temi"))]
    assert card.count('class="badge') == 1 and ">Zzz primo<" in card
