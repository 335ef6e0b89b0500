"""The office's lists (organisations, applications, topic proposals) fetch only what a row shows, keep
the filters' options in the shared cache and still show a change on the next request (issue 17)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from members.models import Area, MembershipEvent, Organisation, Sector, Theme
from tests.factories import (
    OrganisationFactory,
    RepresentativeFactory,
    TopicProposalFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

LIST = "/area-riservata/organizzazioni/"
QUEUE = "/area-riservata/organizzazioni/domande/"
PROPOSALS = "/area-riservata/proposte/da-decidere/"


def _get(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _row(html: str, name: str) -> str:
    """The table row that names `name`, tags and all."""
    match = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>" + re.escape(name) + r"</a>.*?</tr>", html, re.S)
    assert match, name
    return match.group(0)


def _table(html: str) -> str:
    return html[html.index('<p role="status">') : html.index("</table>")]


def _options(html: str, select: str) -> list[str]:
    body = re.search(rf'<select name="{select}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [unescape(label) for label in re.findall(r"<option [^>]*>([^<]*)</option>", body)]


def test_a_row_of_the_staff_list_shows_what_it_showed(staff_client):
    org = OrganisationFactory(
        name="Circolo Le Querce",
        sectors=[Sector.objects.get(slug="culturale"), Sector.objects.get(slug="sociale")],
        area=Area.objects.get(slug="milano-marittima"),
        status="suspended",
    )
    _count, html = _get(staff_client, LIST)
    row = _row(html, "Circolo Le Querce")
    assert f'<a href="/area-riservata/organizzazioni/{org.pk}/">Circolo Le Querce</a>' in row
    assert "<td>Organizzazione di volontariato (ODV)</td>" in row
    # Sectors in the lists' order (by position): Sociale (0) before Culturale (2).
    assert "<td>Sociale, Culturale</td>" in row
    assert "<td>Milano Marittima</td>" in row
    assert '<td><span class="badge bg-danger">Sospesa</span></td>' in row
    assert "<td>10/01/2022</td>" in row


def test_the_staff_list_is_kept_rendered_and_follows_a_change_at_once(staff_client):
    org = OrganisationFactory(status="pending", name="Prima Versione")
    first, html = _get(staff_client, LIST)
    assert "1 domanda in attesa" in html and "Prima Versione" in html
    kept, again = _get(staff_client, LIST)
    # Options, waiting count, rows and their count kept, and the person's unread count (core.notifications):
    # only the session, the account and its groups are read on the second visit.
    assert (first, kept) == (11, 3)
    assert _table(again) == _table(html)
    org.name = "Seconda Versione"
    org.save()
    _count, html = _get(staff_client, LIST)
    assert "Seconda Versione" in html and "Prima Versione" not in html


def test_each_query_string_of_the_staff_list_has_its_own_rows(staff_client):
    for i in range(26):
        OrganisationFactory(name=f"Socio {i:02d}")
    OrganisationFactory(name="In Attesa", status="pending")
    first = _get(staff_client, LIST)[1]
    assert "27 organizzazioni" in first and "Socio 00" in first and "Socio 25" not in first
    second = _get(staff_client, LIST + "?page=2")[1]
    assert "Socio 25" in second and "Socio 00" not in second
    pending = _get(staff_client, LIST + "?status=pending")[1]
    assert "1 organizzazione" in pending and "In Attesa" in pending and "Socio 00" not in pending
    assert 'href="/area-riservata/organizzazioni/esporta.csv?status=pending"' in pending


def test_a_new_sector_and_a_new_application_show_on_the_next_visit(staff_client):
    OrganisationFactory(status="pending")
    _count, html = _get(staff_client, LIST)
    assert "Ambientale" not in _options(html, "sector")
    Sector.objects.create(name="Ambientale", slug="ambientale", position=9)
    Sector.objects.filter(slug="altro").update(is_active=False)
    OrganisationFactory(status="needs_info")
    _count, html = _get(staff_client, LIST)
    sectors = _options(html, "sector")
    assert sectors[0] == "Tutti i settori"
    assert sectors[-1] == "Ambientale"
    assert "Altro" not in sectors
    assert "2 domande in attesa" in html


def test_the_kept_options_keep_the_chosen_one_selected_and_still_refuse_an_unknown_one(staff_client):
    OrganisationFactory(name="Gruppo Cultura", sectors=[Sector.objects.get(slug="culturale")])
    OrganisationFactory(name="Gruppo Sociale")
    staff_client.get(LIST)  # the options are now kept
    _count, html = _get(staff_client, LIST + "?sector=culturale")
    assert '<option value="culturale" selected>Culturale</option>' in html
    assert "Gruppo Cultura" in html and "Gruppo Sociale" not in html
    _count, refused = _get(staff_client, LIST + "?sector=nessuno")
    assert 'class="form-select is-invalid" id="id_sector"' in refused


def test_a_row_of_the_applications_queue_shows_what_it_showed(staff_client):
    org = OrganisationFactory(name="Nuovi Orizzonti", status="needs_info")
    user = UserFactory(first_name="Laura", last_name="Neri", email="laura.neri@example.org")
    RepresentativeFactory(organisation=org, user=user, is_primary=True)
    _count, html = _get(staff_client, QUEUE)
    row = _row(html, "Nuovi Orizzonti")
    assert f'<a href="/area-riservata/organizzazioni/{org.pk}/">Nuovi Orizzonti</a>' in row
    assert f"Organizzazione di volontariato (ODV) &middot; {org.fiscal_code}" in row
    assert '<td><span class="badge bg-warning">Integrazioni richieste</span></td>' in row
    assert 'Laura Neri<br><span class="small">laura.neri@example.org</span>' in row
    assert '<td><span class="badge bg-success">verificato</span></td>' in row  # the factory verifies


def test_the_queue_row_dates_the_application_in_local_time_and_names_who_is_not_verified(staff_client):
    org = OrganisationFactory(name="Senza Verifica", status="pending")
    # 23:30 UTC on 5 March is 00:30 of 6 March in Italy.
    MembershipEvent.objects.create(
        organisation=org,
        from_status="",
        to_status="pending",
        at=dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC),
    )
    user = UserFactory(first_name="", last_name="", email="anonima@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    RepresentativeFactory(organisation=org, user=user, is_primary=True)
    OrganisationFactory(name="Senza Referente", status="pending")
    _count, html = _get(staff_client, QUEUE)
    row = _row(html, "Senza Verifica")
    assert "<td>06/03/2026</td>" in row
    # No name: the e-mail stands for it.
    assert '<td>anonima@example.org<br><span class="small">anonima@example.org</span></td>' in row
    assert '<td><span class="badge bg-warning">non ancora verificata</span></td>' in row
    # No event yet and no primary representative: an empty date, a dash and no badge.
    assert _row(html, "Senza Referente").endswith(
        '<td></td><td><span class="badge bg-warning">In attesa di approvazione</span></td>'
        "<td>—</td><td></td></tr>"
    )


def test_a_row_of_the_proposals_queue_shows_what_it_showed(staff_client):
    proposal = TopicProposalFactory(
        title="Spazi per i giovani",
        organisation=OrganisationFactory(name="Centro Giovani"),
        themes=[theme("giovani"), theme("anziani")],
    )
    _count, html = _get(staff_client, PROPOSALS)
    assert f'<a href="/area-riservata/proposte/{proposal.pk}/decisione/">Spazi per i giovani</a>' in html
    # Themes in the lists' order (by position): Anziani (0) before Giovani (3).
    assert "<td>Centro Giovani</td>" in html
    assert "<td>Anziani, Giovani</td>" in html
    assert '<span class="badge bg-primary">Presentata</span>' in html


def test_the_proposals_theme_options_are_kept_and_follow_a_new_theme(staff_client):
    TopicProposalFactory()
    first, html = _get(staff_client, PROPOSALS)
    kept, _html = _get(staff_client, PROPOSALS)
    # The theme options, the rows and their count kept, and the person's unread count: the signed-in
    # page's own three queries remain (session, account, groups).
    assert (first, kept) == (8, 3)
    assert "Ambiente" not in _options(html, "theme")
    Theme.objects.create(name="Ambiente", slug="ambiente", position=99)
    _count, html = _get(staff_client, PROPOSALS)
    assert _options(html, "theme")[-1] == "Ambiente"
    _count, html = _get(staff_client, PROPOSALS + "?theme=ambiente")
    assert '<option value="ambiente" selected>Ambiente</option>' in html
    assert "Nessuna proposta corrisponde a questi filtri." in html
    TopicProposalFactory(title="Parchi puliti", themes=[theme("ambiente")])
    _count, html = _get(staff_client, PROPOSALS + "?theme=ambiente")
    assert "1 proposta trovata" in html and "Parchi puliti" in html


def test_pk_url_is_the_url_tag_reversed_once():
    organisations = [Organisation(pk=7), Organisation(pk=1234), Organisation(pk=987654321)]
    html = Template(
        "{% load tavolo_ui %}{% for o in orgs %}{% pk_url 'members:staff_detail' o.pk %} "
        "{% url 'members:staff_detail' o.pk %};{% endfor %}"
    ).render(Context({"orgs": organisations}))
    assert html == (
        "/area-riservata/organizzazioni/7/ /area-riservata/organizzazioni/7/;"
        "/area-riservata/organizzazioni/1234/ /area-riservata/organizzazioni/1234/;"
        "/area-riservata/organizzazioni/987654321/ /area-riservata/organizzazioni/987654321/;"
    )


def test_status_badge_writes_the_colour_and_the_status_label():
    html = Template("{% load tavolo_ui %}{% status_badge proposal %}").render(
        Context({"proposal": TopicProposalFactory.build(status="deferred")})
    )
    assert html == '<span class="badge bg-warning">Rinviata</span>'


def test_the_queue_count_is_kept_and_follows_a_new_application_at_once(staff_client):
    OrganisationFactory(status="pending")
    first, html = _get(staff_client, QUEUE)
    assert "1 domanda in attesa" in html
    kept, _html = _get(staff_client, QUEUE)
    # Kept: the waiting count (the one the staff list's button shows) and the person's unread count.
    assert kept == first - 2
    OrganisationFactory(status="needs_info")
    _count, html = _get(staff_client, QUEUE)
    assert "2 domande in attesa" in html
