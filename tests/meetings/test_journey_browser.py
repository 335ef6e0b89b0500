"""From a member's topic proposal to the approved minutes, in a real Chromium, as each role would do it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from meetings.models import Meeting, ProposalStatus, RoutingStatus, TopicProposal
from members.roles import Role
from tests.browser.conftest import (  # noqa: F401 - fixtures of the browser suite
    _browser_settings,
    _plain_http_settings,
    browser_context_args,
    browser_type_launch_args,
    live_server,
    steps,
)
from tests.factories import TEST_PASSWORD, MunicipalServiceFactory, RepresentativeFactory, UserFactory, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Roles and themes come from a data migration, which a transactional test's flush removes.

    serialized_rollback should bring them back; when the session also runs ordinary database tests it
    does not (the same happens to tests/browser), so the migration's function is run again: it is
    idempotent (get_or_create).
    """
    from importlib import import_module

    from django.apps import apps

    import_module("members.migrations.0002_roles_reference_data_regulation").forwards(apps, None)


def _signed_in(browser, url: str, email: str):
    page = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{url}/account/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/account/login/" not in page.url, f"login failed for {email}"
    return page


def test_from_proposal_to_approved_minutes(browser, live_server, steps):
    url = live_server.url
    rep = RepresentativeFactory(
        organisation__name="Auser Cervia", organisation__slug="auser-cervia", user__email="rep@example.org"
    ).user
    RepresentativeFactory(organisation__name="Caritas Cervia", organisation__slug="caritas-cervia")
    staff = UserFactory(email="segreteria@example.org", is_staff=True, roles=[Role.SEGRETERIA])
    referent = UserFactory(email="sociali@example.org", roles=[Role.SERVICE_REFERENT])
    MunicipalServiceFactory(name="Servizi sociali", competences=[theme("anziani")], referents=[referent])

    member = _signed_in(browser, url, rep.email)
    steps.page = member
    with steps.step("the representative proposes a topic"):
        member.goto(f"{url}/area-riservata/")
        member.get_by_role("link", name="Proponi un tema").first.click()
        member.get_by_label("Titolo").fill("Anziani soli d'estate a Milano Marittima")
        member.get_by_label("Descrizione").fill("A luglio e agosto molti anziani restano soli.")
        member.get_by_label("Anziani").check(force=True)
        member.get_by_role("button", name="Invia la proposta", exact=True).click()
        assert "l'Ufficio Welfare esaminerà la tua proposta" in member.content()

    office = _signed_in(browser, url, staff.email)
    steps.page = office
    start = timezone.localtime() + dt.timedelta(days=15)
    with steps.step("the welfare office creates a meeting"):
        office.goto(f"{url}/area-riservata/incontri/nuovo/")
        office.get_by_label("Titolo").fill("Plenaria di dicembre")
        office.get_by_label("Inizio").fill(start.strftime("%Y-%m-%dT17:00"))
        office.get_by_label("Fine").fill(start.strftime("%Y-%m-%dT19:00"))
        office.get_by_label("Luogo").fill("Sala del Consiglio comunale")
        office.get_by_role("button", name="Salva", exact=True).click()
        assert "Incontro creato in bozza" in office.content()
    meeting = Meeting.objects.get(title="Plenaria di dicembre")

    with steps.step("the office puts the proposal on the agenda"):
        office.goto(f"{url}/area-riservata/proposte/da-decidere/")
        office.get_by_role("link", name="Anziani soli d'estate a Milano Marittima").click()
        office.get_by_label("Inserisci nell'ordine del giorno di un incontro").check(force=True)
        office.get_by_label("Incontro", exact=True).select_option(str(meeting.pk))
        office.get_by_role("button", name="Registra la decisione", exact=True).click()
        assert "Decisione registrata" in office.content()
        assert TopicProposal.objects.get().status == ProposalStatus.ACCEPTED

    with steps.step("the office convenes the meeting"):
        office.goto(f"{url}/area-riservata/incontri/{meeting.pk}/")
        assert "Servizi sociali" in office.content()
        office.get_by_role("button", name="Convoca", exact=True).click()
        assert "Incontro convocato" in office.content()

    service = _signed_in(browser, url, referent.email)
    steps.page = service
    with steps.step("the service referent answers"):
        service.goto(f"{url}/area-riservata/")
        service.get_by_role("link", name="Anziani soli d'estate a Milano Marittima").first.click()
        service.get_by_label("Stato").select_option("answered")
        service.get_by_label("Contributo del servizio").fill("Attiviamo le telefonate amiche da luglio.")
        service.get_by_role("button", name="Salva", exact=True).click()
        assert "Il contributo è stato salvato" in service.content()

    steps.page = member
    with steps.step("the representative answers the convocation"):
        member.goto(f"{url}/incontri/{meeting.pk}/")
        assert "Attiviamo le telefonate amiche da luglio." in member.content()
        member.get_by_label("Parteciperà", exact=True).check(force=True)
        member.get_by_label("Chi parteciperà").fill("Maria Rossi")
        member.get_by_role("button", name="Invia la risposta", exact=True).click()
        assert "la tua risposta è stata registrata" in member.content()

    # The day of the meeting comes.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - dt.timedelta(hours=2), ends_at=now)
    steps.page = office
    with steps.step("the office records attendance and writes the minutes"):
        office.goto(f"{url}/area-riservata/incontri/{meeting.pk}/")
        office.get_by_role("button", name="Segna come svolto", exact=True).click()
        office.get_by_role("link", name="Registra le presenze").click()
        office.get_by_role("checkbox", name="Auser Cervia").check(force=True)
        office.get_by_role("button", name="Salva le presenze", exact=True).click()
        office.get_by_role("link", name="Verbale").click()
        office.get_by_role("textbox", name="Note generali").fill("Apre l'incontro l'Assessore al Welfare.")
        office.get_by_role("textbox", name=re.compile("Esito del punto 1")).fill(
            "Le telefonate amiche partono a luglio."
        )
        office.get_by_role("button", name="Salva il verbale", exact=True).click()
        office.get_by_role("link", name="Approva il verbale…", exact=True).click()
        office.get_by_role("button", name="Approva il verbale", exact=True).click()
        assert "Il verbale è approvato e pubblicato" in office.content()

    anonymous = browser.new_context(locale="it-IT").new_page()
    steps.page = anonymous
    with steps.step("everyone reads the approved minutes"):
        anonymous.goto(f"{url}/incontri/{meeting.pk}/")
        content = anonymous.content()
        assert "Le telefonate amiche partono a luglio." in content
        assert "1 organizzazione presente su 2 invitate" in content
        assert "Attiviamo le telefonate amiche da luglio." in content
    assert meeting.agenda_items.get().routings.get().status == RoutingStatus.ANSWERED


STAFF_PAGES = [
    "/area-riservata/incontri/nuovo/",
    "/area-riservata/incontri/{held}/",
    "/area-riservata/incontri/{held}/presenze/",
    "/area-riservata/incontri/{held}/verbale/",
    "/area-riservata/incontri/{draft}/punti/{item}/",
    "/area-riservata/proposte/{proposal}/decisione/",
    "/incontri/{held}/",
]


def test_management_pages_have_no_wcag_violations(browser, live_server, steps):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import AXE_OPTIONS, readable
    from tests.factories import AgendaItemFactory, MeetingFactory, RoutingFactory, TopicProposalFactory
    from tests.meetings.helpers import past_meeting, with_minutes

    staff = UserFactory(email="segreteria@example.org", is_staff=True, roles=[Role.SEGRETERIA])
    org = RepresentativeFactory().organisation
    held = past_meeting(organisations=[org])
    with_minutes(held)
    RoutingFactory(agenda_item=held.agenda_items.get(), contribution="Contributo del servizio.")
    draft = MeetingFactory()
    item = AgendaItemFactory(meeting=draft, themes=[theme("casa")])
    proposal = TopicProposalFactory(organisation=org)
    page = _signed_in(browser, live_server.url, staff.email)
    steps.page = page
    for path in STAFF_PAGES:
        path = path.format(held=held.pk, draft=draft.pk, item=item.pk, proposal=proposal.pk)
        with steps.step(f"axe on {path}"):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
            assert not violations, f"{path}:\n" + readable(violations)
