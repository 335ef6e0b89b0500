"""Journeys per role, as each person walks them, with production settings (issue 19).

DEBUG off, staff MFA required (`TAVOLO_REQUIRE_STAFF_MFA`), allauth's real sign-in pages: no
`force_login`, no session cookies slipped into the browser. Staff sign in with the password and a code of
their authenticator app, computed from the secret (read off the activation page when they enrol there);
e-mailed links and codes are read from the outbox, as the person reads their mailbox.

One Chromium and one live server serve every journey (both session-wide); the cast of each journey is a
handful of rows made with the factories (the live server needs committed rows, and the transactional
tests flush them after each journey). Each step is a `steps.step(...)`: its screenshot is written into
the test's tmp dir and, when the journey fails, copied to test-artifacts/ (the path is printed).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AttendanceReply, Routing, TopicProposal
from members.models import LegalForm, Organisation, OrganisationStatus, Representative, Theme
from members.roles import Role
from reports import services as report_services
from reports.models import Initiative, InitiativeStatus, ReportVersion
from tests.browser.test_journeys import choose, tick
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    AnnualReportFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    RepresentativeFactory,
    RoutingFactory,
    TrainingSessionFactory,
    UserFactory,
    valid_partita_iva,
)
from tests.trust.mfa_helpers import last_login_code, totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 20_000  # ms: a cold live server on a busy machine may take seconds for its first pages
STAFF_EMAIL = "segreteria.welfare@comune.example.it"
CHAIR_EMAIL = "assessore.welfare@comune.example.it"
REFERENT_EMAIL = "politiche.giovanili@comune.example.it"


# --- production settings, people and their browsers -----------------------------------------------


@pytest.fixture
def production(settings, live_server):
    """What production runs with, on the live server: DEBUG off, staff MFA required.

    (Only HTTPS is off: the live server speaks plain HTTP; tests/browser/conftest.py says why.)
    """
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    settings.SITE_URL = live_server.url  # the portal's own address, in its e-mails and calendar links
    assert settings.DEBUG is False
    mail.outbox.clear()
    # The assertions wait as long as the actions do (a busy machine is slow to answer a POST).
    expect.set_options(timeout=TIMEOUT)
    yield live_server.url
    expect.set_options(timeout=5_000)  # Playwright's default, for the other browser tests


@pytest.fixture
def browsers(browser, browser_context_args):
    """Another person's browser (a fresh context: their own cookies), closed after the journey."""
    contexts = []

    def open_browser():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        return page

    yield open_browser
    for context in contexts:
        context.close()


_codes_used: dict[str, str] = {}


def app_code(secret: str) -> str:
    """The code the authenticator app shows, as a person types it: one with time left before it changes
    (on a busy machine the form may take seconds to reach the server), never one used already (allauth
    refuses a code twice)."""
    while True:
        seconds_left = 30 - time.time() % 30
        code = totp_code(secret)
        if seconds_left > 12 and _codes_used.get(secret) != code:
            _codes_used[secret] = code
            return code
        time.sleep(seconds_left + 0.1)


def with_authenticator(user):
    """A staff account that enrolled its authenticator app earlier: the app holds this secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


def staff_member(email: str = STAFF_EMAIL, role: Role = Role.SEGRETERIA):
    return with_authenticator(UserFactory(email=email, is_staff=True, roles=[role]))


def submit(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def password_step(page, base: str, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(password)
    submit(page)


def sign_in(page, base: str, email: str, password: str = TEST_PASSWORD) -> None:
    """A representative or a referent: the password is enough."""
    password_step(page, base, email, password)
    expect(page).not_to_have_url(re.compile(r"/account/"))


def sign_in_with_app(page, base: str, user, password: str = TEST_PASSWORD) -> None:
    """Staff: the password, then the code the authenticator app shows."""
    password_step(page, base, user.email, password)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    page.locator("main input[name=code]").fill(app_code(user.totp_secret))
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/account/"))


def mailed_link(to: str, path: str) -> str:
    """The path of the last link to `path...` e-mailed to this address."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no e-mail to {to} with a link to {path}")


def download(page, link) -> bytes:
    # A link marked `download` saves on a click; Alt+click saves what the browser would otherwise show.
    modifiers = [] if link.get_attribute("download") is not None else ["Alt"]
    with page.expect_download() as info:
        link.click(modifiers=modifiers)
    return Path(info.value.path()).read_bytes()


# --- the public visitor ------------------------------------------------------------------------------


def test_public_visitor(production, page, steps):
    base = production
    page.set_default_timeout(TIMEOUT)
    staff = staff_member()
    organisation = OrganisationFactory(
        name="Cooperativa Il Mosaico", slug="cooperativa-il-mosaico", directory_consent=True
    )
    meeting = MeetingFactory(
        title="Plenaria sulle politiche giovanili",
        status="convened",
        starts_at=timezone.now().replace(microsecond=0, second=0, minute=0) + dt.timedelta(days=10),
    )
    year = timezone.localdate().year - 1
    report = report_services.report_create(year=year, by=staff)
    report_services.report_update(
        report=report,
        by=staff,
        presentation="Un anno di rete tra Comune e organizzazioni.",
        context="",
        conclusions="## Priorità\nLa casa.",
    )
    version = report_services.report_publish(report=report, by=staff)
    version.refresh_from_db()  # its PDF was rendered after the commit

    with steps.step("the home page shows the next meeting and the latest report"):
        page.goto(f"{base}/")
        expect(page.locator("main")).to_contain_text(meeting.title)
        expect(page.locator("main")).to_contain_text(str(year))

    with steps.step("the directory lists the organisation; its page opens"):
        page.locator("#main-nav").get_by_role("link", name="Organizzazioni", exact=True).click()
        page.get_by_role("link", name=organisation.name).first.click()
        expect(page.locator("h1")).to_contain_text(organisation.name)

    with steps.step("the meetings calendar downloads as .ics"):
        page.locator("#main-nav").get_by_role("link", name="Incontri", exact=True).click()
        expect(page.locator("main")).to_contain_text(meeting.title)
        feed = download(page, page.get_by_role("link", name="Scarica il calendario (.ics)"))
        assert feed.startswith(b"BEGIN:VCALENDAR"), feed[:40]
        assert meeting.title.encode() in feed.replace(b"\r\n ", b"")

    with steps.step("one meeting's page and its .ics"):
        page.get_by_role("link", name=meeting.title).first.click()
        expect(page.locator("h1")).to_contain_text(meeting.title)
        event = download(page, page.locator(f"main a[href$='/incontri/{meeting.pk}.ics']"))
        assert b"BEGIN:VEVENT" in event and meeting.title.encode() in event.replace(b"\r\n ", b"")

    with steps.step("the published report as HTML"):
        page.goto(f"{base}/relazioni/")
        page.get_by_role("link", name=re.compile(rf"\b{year}\b")).first.click()
        expect(page.locator("h1")).to_contain_text(str(year))
        expect(page.locator("main")).to_contain_text("Un anno di rete tra Comune e organizzazioni.")

    with steps.step("the published report as PDF"):
        pdf = download(page, page.get_by_role("link", name="Scarica il PDF"))
        with version.pdf.open("rb") as stored:
            assert pdf == stored.read() and pdf.startswith(b"%PDF")

    with steps.step("the rules in force"):
        page.locator("#main-nav").get_by_role("link", name="Regolamento", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Regolamento")
        expect(page.locator("main")).to_contain_text("Art.")


# --- an organisation: from "Aderisci" to its first convocation, course and initiative ---------------

REP_EMAIL = "elena.fabbri@ilfaro.example.org"
REP_PASSWORD = "mare-di-cervia-2026"
ORG_NAME = "Associazione Il Faro"
INITIATIVE = "Doposcuola estivo al faro"


def test_organisation_from_joining_to_its_first_convocation_course_and_initiative(
    production, page, browsers, steps
):
    base = production
    page.set_default_timeout(TIMEOUT)
    staff_user = staff_member()
    meeting = MeetingFactory(
        title="Plenaria di dicembre",
        starts_at=timezone.now().replace(microsecond=0, second=0, minute=0) + dt.timedelta(days=21),
    )
    AgendaItemFactory(meeting=meeting, title="Il piano estate ragazzi")
    session = TrainingSessionFactory(title="Primo soccorso per volontari", capacity=20)

    with steps.step("the organisation fills in the join form"):
        page.goto(f"{base}/")
        page.get_by_role("link", name="Aderisci").first.click()
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
        tick(page, "directory_consent")
        tick(page, "accept_regulation")
        tick(page, "accept_privacy")
        page.get_by_role("button", name="Invia la domanda", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Domanda inviata")
        assert Organisation.objects.get(name=ORG_NAME).status == OrganisationStatus.PENDING

    with steps.step("the representative confirms the e-mail address"):
        page.goto(f"{base}{mailed_link(REP_EMAIL, '/account/confirm-email/')}")
        submit(page)
        expect(page).not_to_have_url(re.compile(r"/account/confirm-email/"))

    staff = browsers()
    with steps.step("the Segreteria signs in with the authenticator app and approves", page=staff):
        sign_in_with_app(staff, base, staff_user)
        staff.get_by_role("link", name="Apri l'elenco delle domande").click()
        staff.get_by_role("link", name=ORG_NAME).first.click()
        staff.get_by_role("link", name="Approva").click()
        submit(staff)
        expect(staff.locator("main")).to_contain_text("Aderente")
        assert Organisation.objects.get(name=ORG_NAME).status == OrganisationStatus.ACTIVE

    with steps.step("the Segreteria convenes the meeting", page=staff):
        staff.goto(f"{base}/area-riservata/incontri/{meeting.pk}/")
        staff.get_by_role("button", name="Convoca", exact=True).click()
        expect(staff.locator("main")).to_contain_text("Incontro convocato")
        assert any(REP_EMAIL in m.to for m in mail.outbox if meeting.title in m.subject)

    rep = browsers()
    with steps.step("the representative answers the convocation", page=rep):
        sign_in(rep, base, REP_EMAIL, REP_PASSWORD)
        rep.goto(f"{base}/area-riservata/")
        expect(rep.locator("main")).to_contain_text("non hai ancora risposto")
        rep.get_by_role("link", name=meeting.title).first.click()
        choose(rep, rep.get_by_label("Parteciperà", exact=False).first)
        rep.fill("main [name=attendee_names]", "Elena Fabbri, Marco Casadei")
        rep.get_by_role("button", name="Invia la risposta", exact=True).click()
        expect(rep.locator("main")).to_contain_text("la tua risposta è stata registrata")
        reply = AttendanceReply.objects.get(meeting=meeting, organisation__name=ORG_NAME)
        assert reply.status == "present" and "Casadei" in reply.attendee_names

    with steps.step("the representative registers two people to a course", page=rep):
        rep.locator("#main-nav").get_by_role("link", name="Formazione", exact=True).click()
        rep.get_by_role("link", name=session.title).first.click()
        for n, (first, last) in enumerate((("Marco", "Casadei"), ("Sara", "Guidi"))):
            rep.fill(f"main [name=people-{n}-first_name]", first)
            rep.fill(f"main [name=people-{n}-last_name]", last)
            rep.fill(f"main [name=people-{n}-email]", f"{first.lower()}.{last.lower()}@ilfaro.example.org")
        rep.get_by_role("button", name="Iscrivi", exact=True).click()
        expect(rep.locator("main")).to_contain_text("Sara Guidi")
        assert set(session.registrations.values_list("last_name", flat=True)) == {"Casadei", "Guidi"}

    with steps.step("the representative declares an initiative and sends it for validation", page=rep):
        rep.goto(f"{base}/area-riservata/")
        rep.get_by_role("link", name="Dichiara un'iniziativa").click()
        rep.fill("main [name=title]", INITIATIVE)
        rep.fill("main [name=description]", "Pomeriggi di compiti e giochi per i ragazzi delle medie.")
        rep.fill("main [name=starts_on]", f"{timezone.localdate().year}-06-15")
        tick(rep, "themes", "Giovani")
        tick(rep, "target_groups", "Giovani")
        tick(rep, "areas", "Pinarella")
        rep.get_by_role("button", name="Salva", exact=True).click()
        expect(rep.locator("h1")).to_contain_text(INITIATIVE)
        rep.get_by_role("button", name="Invia per la validazione", exact=True).click()
        expect(rep.locator("main")).to_contain_text("validazione")
        assert Initiative.objects.get(title=INITIATIVE).status == InitiativeStatus.SUBMITTED

    with steps.step("the Segreteria validates the initiative", page=staff):
        staff.goto(f"{base}/area-riservata/")
        staff.get_by_role("link", name=INITIATIVE).first.click()
        staff.get_by_role("button", name="Valida", exact=True).click()
        expect(staff.locator("main")).to_contain_text("validata")
        assert Initiative.objects.get(title=INITIATIVE).status == InitiativeStatus.VALIDATED

    visitor = browsers()
    with steps.step("the directory lists the organisation, its page the initiative", page=visitor):
        visitor.goto(f"{base}/organizzazioni/")
        visitor.get_by_role("link", name=ORG_NAME).first.click()
        expect(visitor.locator("h1")).to_contain_text(ORG_NAME)
        expect(visitor.locator("main")).to_contain_text(INITIATIVE)


# --- a delegate: from the invitation to acting for the organisation ---------------------------------

DELEGATE_EMAIL = "giulia.neri@auser.example.org"
DELEGATE_PASSWORD = "pinarella-al-mare-2026"
TOPIC = "Trasporto sociale per le visite mediche"


def test_delegate_from_invitation_to_a_proposal_for_the_organisation(production, page, browsers, steps):
    base = production
    page.set_default_timeout(TIMEOUT)
    primary = RepresentativeFactory(
        organisation__name="Auser Cervia",
        organisation__slug="auser-cervia",
        user__email="presidente@auser.example.org",
    )
    organisation = primary.organisation

    with steps.step("the primary representative invites a delegate"):
        sign_in(page, base, primary.user.email)
        page.goto(f"{base}/area-riservata/organizzazione/{organisation.pk}/rappresentanti/")
        page.fill("main [name=email]", DELEGATE_EMAIL)
        page.fill("main [name=role_in_organisation]", "Volontaria")
        page.get_by_role("button", name="Invia l'invito", exact=True).click()
        expect(page.locator("main")).to_contain_text(DELEGATE_EMAIL)

    delegate = browsers()
    invitation = mailed_link(DELEGATE_EMAIL, "/area-riservata/organizzazione/invito/")
    with steps.step("the delegate reads the invitation and creates an account", page=delegate):
        delegate.goto(f"{base}{invitation}")
        expect(delegate.locator("h1")).to_contain_text("Invito a rappresentare un'organizzazione")
        expect(delegate.locator("main")).to_contain_text("Auser Cervia")
        delegate.locator("main").get_by_role("link", name="Crea un account", exact=True).click()
        expect(delegate.locator("main [name=email]")).to_have_value(DELEGATE_EMAIL)
        delegate.fill("main [name=first_name]", "Giulia")
        delegate.fill("main [name=last_name]", "Casadei")
        delegate.fill("main [name=password1]", DELEGATE_PASSWORD)
        delegate.fill("main [name=password2]", DELEGATE_PASSWORD)
        tick(delegate, "privacy_accepted")
        submit(delegate)
        expect(delegate.locator("h1")).to_contain_text("Verifica il tuo indirizzo e-mail")
        expect(delegate.locator("main")).to_contain_text(DELEGATE_EMAIL)

    with steps.step("the delegate confirms the address and accepts the invitation", page=delegate):
        delegate.goto(f"{base}{mailed_link(DELEGATE_EMAIL, '/account/confirm-email/')}")
        submit(delegate)
        expect(delegate).not_to_have_url(re.compile(r"/account/"))
        delegate.goto(f"{base}{invitation}")
        delegate.get_by_role("button", name="Accetta l'invito", exact=True).click()
        expect(delegate.locator("main")).to_contain_text("Ora rappresenti Auser Cervia")
        assert Representative.objects.get(user__email=DELEGATE_EMAIL, organisation=organisation).is_active

    with steps.step("the delegate proposes a topic for the organisation", page=delegate):
        delegate.goto(f"{base}/area-riservata/")
        delegate.get_by_role("link", name="Proponi un tema").click()
        delegate.fill("main [name=title]", TOPIC)
        delegate.fill("main [name=description]", "Molti anziani di Pinarella non hanno chi li accompagna.")
        tick(delegate, "themes", "Anziani")
        delegate.get_by_role("button", name="Invia la proposta", exact=True).click()
        expect(delegate.locator("main")).to_contain_text(TOPIC)
        proposal = TopicProposal.objects.get(title=TOPIC)
        assert proposal.organisation == organisation and proposal.proposer.email == DELEGATE_EMAIL

    with steps.step("the primary representative sees the delegate's proposal", page=page):
        page.goto(f"{base}/area-riservata/proposte/")
        expect(page.locator("main")).to_contain_text(TOPIC)


# --- the service referent answers a routing -----------------------------------------------------------


def test_service_referent_answers_a_routing(production, page, steps):
    base = production
    page.set_default_timeout(TIMEOUT)
    youth = Theme.objects.get(slug="giovani")
    referent = UserFactory(email=REFERENT_EMAIL, roles=[Role.SERVICE_REFERENT])
    service = MunicipalServiceFactory(name="Politiche giovanili", competences=[youth], referents=[referent])
    meeting = MeetingFactory(title="Plenaria di gennaio", status="convened")
    item = AgendaItemFactory(meeting=meeting, title="Spazi per i ragazzi d'estate", themes=[youth])
    RoutingFactory(agenda_item=item, service=service)

    with steps.step("the referent signs in and finds the topic on the reserved area"):
        sign_in(page, base, REFERENT_EMAIL)
        page.goto(f"{base}/area-riservata/")
        page.get_by_role("link", name=re.compile(re.escape(item.title))).first.click()
        expect(page.locator("h1")).to_contain_text(item.title)

    with steps.step("the referent writes the service's contribution"):
        page.select_option("main [name=status]", "answered")
        page.fill(
            "main [name=contribution]", "Le palestre Pascoli e Zavalloni sono disponibili dal 1° luglio."
        )
        page.get_by_role("button", name="Salva", exact=True).click()
        expect(page.locator("main")).to_contain_text("Il contributo è stato salvato")
        routing = Routing.objects.get(agenda_item=item)
        assert routing.status == "answered" and "Pascoli" in routing.contribution

    with steps.step("the list of the service's topics shows it answered"):
        page.get_by_role("link", name="Temi per il tuo servizio").first.click()
        expect(page.locator("main")).to_contain_text(item.title)


# --- the Segreteria: from approving an application to publishing the report --------------------------


def test_segreteria_from_an_application_to_the_published_report(production, page, browsers, steps):
    base = production
    page.set_default_timeout(TIMEOUT)
    UserFactory(email=STAFF_EMAIL, is_staff=True, roles=[Role.SEGRETERIA])  # no authenticator yet
    applicant = RepresentativeFactory(
        organisation__name="Circolo Pinarella", organisation__status=OrganisationStatus.PENDING
    ).organisation
    year = timezone.localdate().year - 1

    with steps.step("first sign-in: the password, then the code sent by e-mail"):
        password_step(page, base, STAFF_EMAIL)
        expect(page).to_have_url(re.compile(r"/account/login/code/confirm/$"))
        page.locator("main input[name=code]").fill(last_login_code(STAFF_EMAIL))
        submit(page)
        expect(page).not_to_have_url(re.compile(r"/account/login/"))

    with steps.step("the staff area asks for the authenticator app: the secret is read off the page"):
        page.goto(f"{base}/area-riservata/")
        expect(page).to_have_url(re.compile(r"/account/reauthenticate/"))
        page.locator("main input[name=password]").fill(TEST_PASSWORD)
        submit(page)
        expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
        secret = page.locator("#authenticator_secret").input_value()
        page.locator("main input[name=code]").fill(app_code(secret))
        page.get_by_role("button", name="Attiva", exact=True).click()
        expect(page).to_have_url(re.compile(r"/account/2fa/recovery-codes/$"))

    with steps.step("the application is approved from the queue"):
        page.goto(f"{base}/area-riservata/")
        page.get_by_role("link", name="Apri l'elenco delle domande").click()
        page.get_by_role("link", name=applicant.name).first.click()
        page.get_by_role("link", name="Approva").click()
        submit(page)
        expect(page.locator("main")).to_contain_text("Aderente")
        applicant.refresh_from_db()
        assert applicant.status == OrganisationStatus.ACTIVE

    with steps.step("the year's report: a draft and its texts"):
        page.goto(f"{base}/area-riservata/")
        page.get_by_role("link", name="Documenti di sintesi: testi e pubblicazione").click()
        page.fill("main [name=year]", str(year))
        page.get_by_role("button", name="Crea la bozza", exact=True).click()
        page.fill("main [name=presentation]", "Care cittadine e cari cittadini, il Tavolo è cresciuto.")
        page.fill("main [name=conclusions]", "## Priorità\nAprire gli spazi scolastici d'estate.")
        page.get_by_role("button", name="Salva i testi", exact=True).click()
        expect(page.locator("main")).to_contain_text("I testi sono stati salvati")

    with steps.step("the report is published after its confirmation page"):
        page.get_by_role("link", name="Pubblica…", exact=True).click()
        expect(page.locator("main")).to_contain_text("non lo cambiano")
        page.get_by_role("button", name="Pubblica la versione 1", exact=True).click(timeout=60_000)
        expect(page.locator("main")).to_contain_text("è stata pubblicata", timeout=60_000)
        assert ReportVersion.objects.get(report__year=year).pdf

    visitor = browsers()
    with steps.step("anyone reads the published report", page=visitor):
        visitor.goto(f"{base}/relazioni/{year}/")
        expect(visitor.locator("main")).to_contain_text("il Tavolo è cresciuto")
        pdf = download(visitor, visitor.get_by_role("link", name="Scarica il PDF"))
        assert pdf.startswith(b"%PDF")


# --- the Assessore: from sign-in with the authenticator app to her dashboard ---------------------------


def test_assessore_signs_in_with_the_app_and_reads_her_dashboard(production, page, steps):
    base = production
    page.set_default_timeout(TIMEOUT)
    chair = staff_member(CHAIR_EMAIL, Role.PRESIDENZA)
    RepresentativeFactory(
        organisation__name="Circolo Pinarella", organisation__status=OrganisationStatus.PENDING
    )
    meeting = MeetingFactory(title="Plenaria di febbraio")
    year = timezone.localdate().year
    AnnualReportFactory(year=year)

    with steps.step("the password, then a wrong code is refused"):
        password_step(page, base, CHAIR_EMAIL)
        expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
        wrong = f"{(int(totp_code(chair.totp_secret)) + 1) % 1_000_000:06d}"
        page.locator("main input[name=code]").fill(wrong)
        submit(page)
        expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
        expect(page.locator("main")).to_contain_text("codice")

    with steps.step("the app's code opens the reserved area"):
        page.locator("main input[name=code]").fill(app_code(chair.totp_secret))
        submit(page)
        expect(page).not_to_have_url(re.compile(r"/account/"))
        page.goto(f"{base}/area-riservata/")
        expect(page).to_have_url(re.compile(r"/area-riservata/$"))

    with steps.step("her own dashboard: the next meeting, this year's members, the report draft"):
        main = page.locator("main")
        expect(main).to_contain_text("Presiedi il Tavolo: qui trovi ciò che richiede la tua attenzione")
        expect(main).to_contain_text(meeting.title)
        expect(main).to_contain_text("Non ancora convocato")
        expect(main).to_contain_text(f"Organizzazioni aderenti nel {year}")
        expect(main.get_by_role("link", name=f"Anteprima della bozza {year}")).to_be_visible()

    with steps.step("from the dashboard to the meeting she chairs"):
        page.get_by_role("link", name=meeting.title).first.click()
        expect(page.locator("h1")).to_contain_text(meeting.title)
        expect(page).to_have_url(re.compile(rf"/area-riservata/incontri/{meeting.pk}/$"))
