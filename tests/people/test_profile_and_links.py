"""The profile page, the readable copy of one's data, the join links and the contact links, through the
pages."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from members.models import User
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_the_profile_edits_name_and_phone_and_keeps_what_was_typed(org_rep, org_rep_client):
    header = _page(org_rep_client.get(reverse("dashboard")))
    assert 'href="/area-riservata/profilo/"' in header  # the user menu, for every role
    page = _page(org_rep_client.get("/area-riservata/profilo/"))
    assert 'href="/area-riservata/notifiche/preferenze/"' in page
    assert 'href="/account/email/"' in page
    assert 'href="/area-riservata/privacy/"' in page and 'href="/area-riservata/privacy/dati/"' in page

    bad = org_rep_client.post(
        "/area-riservata/profilo/", {"first_name": "Giulia", "last_name": "", "phone": "chiamami"}
    )
    assert bad.status_code == 400
    assert "Scrivi il tuo cognome." in _page(bad)
    assert "Scrivi un numero di telefono composto solo da cifre (è ammesso il + iniziale)." in _page(bad)
    assert 'value="chiamami"' in _page(bad) and 'value="Giulia"' in _page(bad)
    assert User.objects.get(pk=org_rep.pk).phone == ""

    ok = org_rep_client.post(
        "/area-riservata/profilo/",
        {"first_name": "Giulia", "last_name": "Casadei", "phone": "+39 0544 979 254"},
    )
    assert ok["Location"] == "/area-riservata/profilo/"
    saved = User.objects.get(pk=org_rep.pk)
    assert (saved.first_name, saved.last_name, saved.phone) == ("Giulia", "Casadei", "+39 0544 979 254")


def test_the_readable_copy_shows_the_export_in_italian(org_rep, org_rep_client):
    org_rep.first_name, org_rep.last_name, org_rep.phone = "Giulia", "Casadei", "0544 1"
    org_rep.save()
    home = _page(org_rep_client.get("/area-riservata/privacy/"))
    assert 'href="/area-riservata/privacy/dati/"' in home
    page = _page(org_rep_client.get("/area-riservata/privacy/dati/"))
    for words in (
        "I tuoi dati, da leggere",
        '<h2 class="h3">Account</h2>',
        "<dt>Cognome</dt>",
        "<dd>Casadei</dd>",
        "<dt>Telefono</dt>",
        "<dd>0544 1</dd>",
        "Indirizzi e-mail",
        "Organizzazioni per cui agisci o hai agito",
        "<dd>Auser Cervia</dd>",
        "Le tue iscrizioni ai corsi",
        "Proposte di argomento",
    ):
        assert words in page, words
    assert "first_name" not in page and "representations" not in page


def test_join_the_table_is_linked_from_menu_rules_directory_footer_and_sign_in(anonymous):
    for url in ("/", "/regolamento/", "/organizzazioni/", "/account/login/", "/account/signup/"):
        page = _page(anonymous.get(url))
        assert page.count('href="/aderisci/"') >= 2, url  # the menu and the footer, at least
    rules = _page(anonymous.get("/regolamento/"))
    article_3 = rules.index("Art. 3 - Modalità di adesione")
    article_4 = rules.index("Art. 4 - Presidenza e segreteria")
    assert '<a href="/aderisci/">' in rules[article_3:article_4]
    login = _page(anonymous.get("/account/login/"))
    assert "Rappresenti un'organizzazione?" in login
    assert "non serve registrarsi prima" in login


def test_phones_and_addresses_are_links_with_whose_they_are(anonymous):
    OrganisationFactory(
        name="Coop Sole",
        slug="coop-sole",
        email="info@coopsole.example.org",
        phone="+39 0544 123 456",
        pec="coopsole@pec.example.org",
    )
    for url in ("/organizzazioni/", "/organizzazioni/coop-sole/"):
        page = _page(anonymous.get(url))
        assert (
            '<a href="tel:+390544123456"><span class="visually-hidden">Telefono di Coop Sole: </span>'
            "+39 0544 123 456</a>" in page
        ), url
        assert (
            '<a href="mailto:info@coopsole.example.org">'
            '<span class="visually-hidden">E-mail di Coop Sole: </span>'
            "info@coopsole.example.org</a>" in page
        ), url
    assert 'href="mailto:coopsole@pec.example.org"' in _page(anonymous.get("/organizzazioni/coop-sole/"))


def _keys(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            _keys(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, found)
    return found


def test_every_key_of_a_full_export_has_an_italian_label(org_rep):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from core.models import EmailOptOut, Notification
    from members.account_privacy import personal_data
    from tavolo.privacy_readable import LABELS

    rome = ZoneInfo("Europe/Rome")
    org_rep.fiscal_code = "RSSMRA80A01D704J"
    org_rep.identity_provider = "spid"
    org_rep.identity_linked_at = dt.datetime(2026, 12, 1, 0, 1, tzinfo=rome)
    org_rep.save()
    Notification.objects.create(
        recipient=org_rep, kind="convocation", text="Convocato l'incontro", url="/incontri/", key="k1"
    )
    EmailOptOut.objects.create(user=org_rep, kind="minutes")
    keys = _keys(personal_data(user=org_rep), set()) - {"generated_at"}
    assert sorted(key for key in keys if key not in LABELS) == []


def test_the_readable_copy_writes_dates_the_italian_way(org_rep, org_rep_client):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from core.models import EmailOptOut, Notification

    rome = ZoneInfo("Europe/Rome")
    org_rep.date_joined = dt.datetime(2026, 12, 1, 0, 1, tzinfo=rome)
    org_rep.identity_linked_at = dt.datetime(2026, 3, 21, 9, 5, tzinfo=rome)
    org_rep.identity_provider = "spid"
    org_rep.save()
    Notification.objects.create(
        recipient=org_rep, kind="convocation", text="Convocato l'incontro", url="/incontri/", key="k1"
    )
    EmailOptOut.objects.create(user=org_rep, kind="minutes")
    page = _page(org_rep_client.get("/area-riservata/privacy/dati/"))
    assert "<dd>1° dicembre 2026, 00:01</dd>" in page
    assert "<dd>21 marzo 2026, 09:05</dd>" in page
    assert "<dt>Identità digitale collegata il</dt>" in page
    assert "Letta il" in page and "read_at" not in page and "linked_at" not in page
    assert "Verbali aperti ai commenti e verbali approvati" in page  # the kind switched off, in words
