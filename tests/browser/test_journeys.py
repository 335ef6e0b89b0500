"""The journey that matters, in a real browser: from an organisation joining to the year's report PDF.

An organisation joins at /aderisci/ -> staff approves -> its representative proposes a topic -> staff
puts it on an agenda and convenes the meeting -> the service referent answers the routing -> the
representative registers two people to a training session -> staff publish the year's report -> an
anonymous visitor downloads the PDF. Each step is a `steps.step(...)`: on failure, a screenshot of every
step is saved under test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Routing
from members.models import LegalForm, Organisation, OrganisationStatus, Theme
from members.roles import Role
from tests.factories import (
    TEST_PASSWORD,
    MeetingFactory,
    MunicipalServiceFactory,
    TrainingSessionFactory,
    UserFactory,
    valid_partita_iva,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REP_EMAIL = "elena.fabbri@ilfaro.example.org"
REP_PASSWORD = "mare-di-cervia-2026"
ORG_NAME = "Associazione Il Faro"
TOPIC = "Spazi per i ragazzi d'estate"


@pytest.fixture
def cast(db):
    """Staff, a service referent competent for young people, a draft meeting and an open session."""
    youth = Theme.objects.get(slug="giovani")
    staff = UserFactory(email="segreteria@example.it", is_staff=True, roles=[Role.SEGRETERIA])
    referent = UserFactory(email="politiche.giovanili@example.it", roles=[Role.SERVICE_REFERENT])
    MunicipalServiceFactory(name="Politiche giovanili", competences=[youth], referents=[referent])
    meeting = MeetingFactory(
        title="Plenaria di dicembre",
        starts_at=timezone.now().replace(microsecond=0, second=0, minute=0) + dt.timedelta(days=21),
    )
    session = TrainingSessionFactory(title="Primo soccorso per volontari", capacity=20)
    return {"staff": staff, "referent": referent, "meeting": meeting, "session": session}


def _new_page(browser, browser_context_args):
    page = browser.new_context(**browser_context_args).new_page()
    page.set_default_timeout(10_000)
    return page


def tick(page, field: str, label: str | None = None) -> None:
    """Tick a checkbox the way a person does: Bootstrap Italia draws it on the label, so click that."""
    box = page.locator(f"input[type=checkbox][name={field}]")
    if label is not None:
        box = page.get_by_role("checkbox", name=re.compile(rf"^\s*{re.escape(label)}", re.I)).and_(box)
    box_id = box.first.get_attribute("id")
    # On the drawn box at the label's left edge: the label's text may hold a link (the rules, the notice).
    page.locator(f"label[for='{box_id}']").click(position={"x": 6, "y": 10})
    expect(page.locator(f"#{box_id}")).to_be_checked()


def choose(page, radio) -> None:
    """Pick a radio button by clicking its drawn circle on the label."""
    page.locator(f"label[for='{radio.get_attribute('id')}']").click(position={"x": 6, "y": 10})
    expect(radio).to_be_checked()


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/account/login/"))


def test_from_joining_to_the_annual_report_pdf(cast, page, browser, browser_context_args, live_server, steps):
    base = live_server.url
    page.set_default_timeout(10_000)
    mail.outbox.clear()

    with steps.step("an organisation fills in the join form"):
        page.goto(f"{base}/aderisci/")
        page.fill("main [name=name]", ORG_NAME)
        aps = LegalForm.objects.get(slug="associazione-di-promozione-sociale-aps")
        page.select_option("main [name=legal_form]", str(aps.pk))
        page.fill("main [name=fiscal_code]", valid_partita_iva(4242))
        tick(page, "sectors", "Sociale")
        tick(page, "themes", "Giovani")
        page.fill("main [name=description]", "Doposcuola e laboratori per ragazzi.")
        page.fill("main [name=address]", "Via Roma 12")
        page.fill("main [name=email]", "info@ilfaro.example.org")
        page.fill("main [name=first_name]", "Elena")
        page.fill("main [name=last_name]", "Fabbri")
        page.fill("main [name=role_in_organisation]", "Presidente")
        page.fill("main [name=person_fiscal_code]", "FBBLNE85M41D458B")
        page.fill("main [name=account_email]", REP_EMAIL)
        page.fill("main [name=password1]", REP_PASSWORD)
        page.fill("main [name=password2]", REP_PASSWORD)
        tick(page, "accept_regulation")
        tick(page, "accept_privacy")
        page.get_by_role("button", name="Invia la domanda", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Domanda inviata")
        assert Organisation.objects.get(name=ORG_NAME).status == OrganisationStatus.PENDING

    with steps.step("the representative confirms the e-mail address"):
        body = next(
            m.body for m in mail.outbox if m.to == [REP_EMAIL] and "/account/confirm-email/" in m.body
        )
        link = re.search(r"https?://\S+?(/account/confirm-email/\S+)", body).group(1)
        page.goto(f"{base}{link}")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()

    staff = _new_page(browser, browser_context_args)
    steps.page = staff
    with steps.step("staff approve the organisation from the queue"):
        _sign_in(staff, base, cast["staff"].email, TEST_PASSWORD)
        staff.goto(f"{base}/area-riservata/organizzazioni/domande/")
        staff.get_by_role("link", name=ORG_NAME).first.click()
        staff.get_by_role("link", name="Approva").click()
        staff.locator("main form button[type=submit]").first.click()
        expect(staff.locator("main")).to_contain_text("Aderente")
        assert Organisation.objects.get(name=ORG_NAME).status == OrganisationStatus.ACTIVE

    rep = _new_page(browser, browser_context_args)
    steps.page = rep
    with steps.step("the representative proposes a topic"):
        _sign_in(rep, base, REP_EMAIL, REP_PASSWORD)
        rep.goto(f"{base}/area-riservata/proposte/nuova/")
        rep.fill("main [name=title]", TOPIC)
        rep.fill("main [name=description]", "Chiediamo di aprire le palestre scolastiche a luglio e agosto.")
        tick(rep, "themes", "Giovani")
        rep.get_by_role("button", name="Invia la proposta", exact=True).click()
        expect(rep.locator("main")).to_contain_text(TOPIC)

    steps.page = staff
    with steps.step("staff put the topic on the meeting's agenda"):
        staff.goto(f"{base}/area-riservata/proposte/da-decidere/")
        staff.get_by_role("link", name=TOPIC).click()
        choose(staff, staff.get_by_label("Inserisci nell'ordine del giorno di un incontro"))
        staff.select_option("main [name=meeting]", str(cast["meeting"].pk))
        staff.get_by_role("button", name="Registra la decisione", exact=True).click()
        expect(staff.locator("main")).to_contain_text("Decisione registrata")
        staff.goto(f"{base}/area-riservata/incontri/{cast['meeting'].pk}/")
        expect(staff.locator("main")).to_contain_text(TOPIC)

    with steps.step("staff convene the meeting"):
        staff.goto(f"{base}/area-riservata/incontri/{cast['meeting'].pk}/")
        staff.get_by_role("button", name="Convoca", exact=True).click()
        expect(staff.locator("main")).to_contain_text("Incontro convocato")
        assert any(REP_EMAIL in m.to for m in mail.outbox if "Plenaria di dicembre" in m.subject)

    referent = _new_page(browser, browser_context_args)
    steps.page = referent
    with steps.step("the service referent answers the routing"):
        _sign_in(referent, base, cast["referent"].email, TEST_PASSWORD)
        referent.goto(f"{base}/area-riservata/segnalazioni/")
        referent.get_by_role("link", name=re.compile(re.escape(TOPIC))).first.click()
        referent.select_option("main [name=status]", "answered")
        referent.fill(
            "main [name=contribution]", "Le palestre Pascoli e Zavalloni sono disponibili dal 1° luglio."
        )
        referent.get_by_role("button", name="Salva", exact=True).click()
        expect(referent.locator("main")).to_contain_text("Il contributo è stato salvato")
        routing = Routing.objects.get(agenda_item__title=TOPIC)
        assert routing.status == "answered" and "Pascoli" in routing.contribution

    steps.page = rep
    with steps.step("the representative registers two people to a training session"):
        rep.goto(f"{base}/formazione/{cast['session'].pk}/")
        for n, (first, last) in enumerate((("Marco", "Casadei"), ("Sara", "Guidi"))):
            rep.fill(f"main [name=people-{n}-first_name]", first)
            rep.fill(f"main [name=people-{n}-last_name]", last)
            rep.fill(f"main [name=people-{n}-email]", f"{first.lower()}.{last.lower()}@ilfaro.example.org")
        rep.get_by_role("button", name="Iscrivi", exact=True).click()
        expect(rep.locator("main")).to_contain_text("Marco")
        assert cast["session"].registrations.count() == 2

    steps.page = staff
    year = timezone.localdate().year - 1
    with steps.step("staff write and publish the year's report"):
        staff.goto(f"{base}/area-riservata/relazioni/")
        staff.fill("main [name=year]", str(year))
        staff.get_by_role("button", name="Crea la bozza", exact=True).click()
        staff.fill("main [name=presentation]", "Care cittadine e cari cittadini, il Tavolo è cresciuto.")
        staff.fill("main [name=conclusions]", "## Priorità\nAprire gli spazi scolastici d'estate.")
        staff.get_by_role("button", name="Salva i testi", exact=True).click()
        staff.get_by_role("link", name="Pubblica…", exact=True).click()
        # The confirmation page says what happens; publishing renders the PDF inside the request with
        # the default (immediate) tasks backend, so it may take a while.
        expect(staff.locator("main")).to_contain_text("non lo cambiano")
        staff.get_by_role("button", name="Pubblica la versione 1", exact=True).click(timeout=60_000)
        expect(staff.locator("main")).to_contain_text("ubblicat", timeout=60_000)

    visitor = _new_page(browser, browser_context_args)
    steps.page = visitor
    with steps.step("an anonymous visitor downloads the PDF"):
        visitor.goto(f"{base}/relazioni/")
        visitor.get_by_role("link", name=re.compile(str(year))).first.click()
        # The page links the PDF's public copy (core.published), named after the year and the version.
        pdf_link = visitor.locator(f"main a[href^='/pubblicati/'][href$='-{year}-v1.pdf']").first
        expect(pdf_link).to_be_visible()
        with visitor.expect_download() as download_info:
            pdf_link.click(modifiers=["Alt"])
        download = download_info.value
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"%PDF"), content[:20]
