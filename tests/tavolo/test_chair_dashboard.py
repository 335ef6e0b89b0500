"""The chair's dashboard (issue 13): the Assessore's own page at /area-riservata/, read-only.

A world written by hand: a known next meeting with three invited organisations (one answers yes, one
no, one nothing), two services with overdue routings on different dates, minutes open for comments and
minutes waiting for approval, an organisation that joined and one that withdrew this year (and one of
each last year, which must not count), and the draft of this year's synthesis document.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings.models import AttendanceReply, Invitation, Minutes, MinutesComment
from members.models import OrganisationStatus
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    RoutingFactory,
    membership_history,
)

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
MONTHS = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
]


def italian(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def world(municipal_service, org_rep):
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    year = today.year
    housing = MunicipalServiceFactory(name="Politiche abitative", slug="politiche-abitative")

    # The next meeting: three organisations invited, yes / no / no answer.
    meeting = MeetingFactory(
        title="Plenaria di prova", status="convened", starts_at=now + dt.timedelta(days=10)
    )
    yes = OrganisationFactory(name="Associazione Girasole")
    no = OrganisationFactory(name="Banca del Tempo")
    silent = OrganisationFactory(name="Cooperativa Il Solco")
    OrganisationFactory(name="Organizzazione non invitata")
    for organisation in (yes, no, silent):
        Invitation.objects.create(meeting=meeting, organisation=organisation)
    AttendanceReply.objects.create(meeting=meeting, organisation=yes, status="present")
    AttendanceReply.objects.create(meeting=meeting, organisation=no, status="absent")
    item = AgendaItemFactory(meeting=meeting, position=1, title="Natale solidale")
    RoutingFactory(agenda_item=item, service=municipal_service, due_date=today + dt.timedelta(days=5))
    RoutingFactory(
        agenda_item=item,
        service=housing,
        due_date=today + dt.timedelta(days=4),
        status="answered",
        contribution="Ci siamo.",
    )

    # A later meeting with overdue routings of two services, on different dates.
    later = MeetingFactory(title="Gruppo casa", status="convened", starts_at=now + dt.timedelta(days=25))
    for position, (service, days_late, title) in enumerate(
        [
            (municipal_service, 5, "Anziani soli"),
            (municipal_service, 3, "Centri estivi"),
            (housing, 1, "Emergenza abitativa"),
        ],
        start=1,
    ):
        RoutingFactory(
            agenda_item=AgendaItemFactory(meeting=later, position=position, title=title),
            service=service,
            due_date=today - dt.timedelta(days=days_late),
        )
    # Neither late: answered, or its meeting already held.
    RoutingFactory(
        agenda_item=AgendaItemFactory(meeting=later, position=4, title="Già risposto"),
        service=housing,
        due_date=today - dt.timedelta(days=8),
        status="answered",
        contribution="Fatto.",
    )
    held = MeetingFactory(title="Plenaria d'autunno", status="held", starts_at=now - dt.timedelta(days=20))
    RoutingFactory(
        agenda_item=AgendaItemFactory(meeting=held, position=1, title="Argomento dell'incontro svolto"),
        service=housing,
        due_date=today - dt.timedelta(days=23),
    )

    # Minutes: one open for comments, one whose window ended, one draft and one approved (not shown).
    open_minutes = Minutes.objects.create(
        meeting=held, status="open_for_comments", comments_until=today + dt.timedelta(days=4)
    )
    for text in ("Manca il mio intervento.", "Correggere il nome."):
        MinutesComment.objects.create(minutes=open_minutes, organisation=yes, text=text)
    ended = MeetingFactory(title="Plenaria d'estate", status="held", starts_at=now - dt.timedelta(days=40))
    Minutes.objects.create(
        meeting=ended, status="open_for_comments", comments_until=today - dt.timedelta(days=2)
    )
    Minutes.objects.create(
        meeting=MeetingFactory(title="Verbale in bozza", status="held", starts_at=now - dt.timedelta(days=5)),
        status="draft",
    )
    Minutes.objects.create(
        meeting=MeetingFactory(
            title="Verbale approvato", status="minutes_approved", starts_at=now - dt.timedelta(days=60)
        ),
        status="approved",
    )

    # Membership this year and last year, from the status history.
    this_year = dt.datetime(year, 1, 2, 10, tzinfo=ROME)
    last_year = dt.datetime(year - 1, 6, 5, 10, tzinfo=ROME)
    S = OrganisationStatus
    membership_history(
        OrganisationFactory(name="Nuova Aderente APS"),
        (S.PENDING, this_year),
        (S.ACTIVE, this_year + dt.timedelta(days=1)),
    )
    membership_history(
        OrganisationFactory(name="Uscita Quest'Anno ODV"),
        (S.PENDING, last_year),
        (S.ACTIVE, last_year + dt.timedelta(days=1)),
        (S.WITHDRAWN, this_year + dt.timedelta(days=30)),
    )
    membership_history(
        OrganisationFactory(name="Aderente Anno Scorso"),
        (S.PENDING, last_year),
        (S.ACTIVE, last_year + dt.timedelta(days=2)),
    )
    membership_history(
        OrganisationFactory(name="Uscita Anno Scorso"),
        (S.PENDING, last_year - dt.timedelta(days=100)),
        (S.ACTIVE, last_year - dt.timedelta(days=99)),
        (S.WITHDRAWN, last_year),
    )
    # Reinstated after a suspension this year: not a new member.
    membership_history(
        OrganisationFactory(name="Sospesa e Riammessa"),
        (S.PENDING, last_year),
        (S.ACTIVE, last_year + dt.timedelta(days=1)),
        (S.SUSPENDED, this_year),
        (S.ACTIVE, this_year + dt.timedelta(days=3)),
    )
    AnnualReportFactory(year=year)
    return {"today": today, "year": year, "meeting": meeting, "held": held, "ended": ended}


def test_the_assessore_sees_her_own_dashboard(assessore_client, world):
    today, year = world["today"], world["year"]
    response = assessore_client.get("/area-riservata/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Presiedi il Tavolo" in text

    # The next meeting and its answers, the organisations named in each group.
    assert "Prossimo incontro Plenaria di prova" in text
    assert "3 organizzazioni invitate." in text
    assert "Parteciperà: 1 organizzazione Associazione Girasole" in text
    assert "Non parteciperà: 1 organizzazione Banca del Tempo" in text
    assert "Senza risposta: 1 organizzazione Cooperativa Il Solco" in text
    assert "Organizzazione non invitata" not in text
    # Its routings still unanswered: the answered one is not listed.
    due = italian(today + dt.timedelta(days=5))
    assert f"Servizi sociali : Natale solidale (scadenza {due})" in text
    assert "Politiche abitative : Natale solidale" not in text

    # Minutes awaiting comments (with the window's end date) or approval.
    assert f"Osservazioni aperte fino al {italian(today + dt.timedelta(days=4))} · 2 osservazioni" in text
    ended_on = italian(today - dt.timedelta(days=2))
    assert f"Osservazioni chiuse il {ended_on}: in attesa di approvazione · nessuna osservazione" in text
    assert "Verbale in bozza" not in text and "Verbale approvato" not in text

    # Overdue routings grouped by service, the service late the longest first.
    late = text[text.index("Risposte in ritardo per servizio") :]
    social = late.index("Servizi sociali")
    housing = late.index("Politiche abitative")
    assert social < housing
    since_social = italian(today - dt.timedelta(days=5))
    since_housing = italian(today - dt.timedelta(days=1))
    assert f"2 argomenti senza risposta, il primo in ritardo dal {since_social}" in late
    assert f"1 argomento senza risposta, in ritardo dal {since_housing}" in late
    assert "Anziani soli" in late and "Centri estivi" in late and "Emergenza abitativa" in late
    assert "Già risposto" not in late and "Argomento dell'incontro svolto" not in late

    # Members: this year's movements from the history, last year's not counted.
    assert f"Organizzazioni aderenti nel {year}" in text
    assert "Nuove adesioni: 1 organizzazione Nuova Aderente APS" in text
    assert "Recessi: 1 organizzazione Uscita Quest'Anno ODV" in text
    for name in ("Aderente Anno Scorso", "Uscita Anno Scorso", "Sospesa e Riammessa"):
        assert name not in text

    # This year's draft, linked to its preview.
    assert f"Documento di sintesi {year}" in text
    assert f'href="/area-riservata/relazioni/{year}/anteprima/"' in response.content.decode()


def test_the_chair_dashboard_is_read_only_and_links_where_the_office_acts(assessore_client, world):
    html = assessore_client.get("/area-riservata/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<form" not in main
    assert f'href="/area-riservata/incontri/{world["meeting"].pk}/"' in main
    assert f'href="/area-riservata/incontri/{world["held"].pk}/verbale/"' in main
    assert f'href="/area-riservata/incontri/{world["ended"].pk}/verbale/"' in main


def test_the_segreteria_keeps_her_dashboard_with_the_overdue_routings_by_service(staff_client, world):
    today = world["today"]
    response = staff_client.get("/area-riservata/")
    text = page_text(response)
    assert "Presiedi il Tavolo" not in text
    assert "Prossimo incontro" not in text
    assert "3 segnalazioni in ritardo" in text
    late = text[text.index("3 segnalazioni in ritardo") :]
    assert late.index("Servizi sociali") < late.index("Politiche abitative")
    assert (
        f"2 argomenti senza risposta, il primo in ritardo dal {italian(today - dt.timedelta(days=5))}" in late
    )
    # Each overdue routing leads to the page that changes its due date.
    assert response.content.decode().count("/scadenza/") >= 3


def test_the_warnings_of_the_draft_are_those_of_its_preview(assessore_client, staff_client, db):
    from tests.factories import InitiativeFactory

    year = timezone.localdate().year
    AnnualReportFactory(year=year)
    text = page_text(assessore_client.get("/area-riservata/"))
    assert "Nessun avviso: tutte le registrazioni che servono ai dati sono complete." in text
    # Submitted initiatives still to validate: one warning of the preview (it names both).
    lead = OrganisationFactory(status=OrganisationStatus.PENDING)
    for title in ("Orti sociali", "Spesa sospesa"):
        InitiativeFactory(
            title=title, status="submitted", starts_on=dt.date(year, 1, 1), lead_organisation=lead
        )
    # The count is kept a few minutes; opening the preview refreshes it.
    assert "Nessun avviso" in page_text(assessore_client.get("/area-riservata/"))
    preview = page_text(staff_client.get(f"/area-riservata/relazioni/{year}/anteprima/"))
    assert "Risolvi questo avviso prima di pubblicare" in preview
    text = page_text(assessore_client.get("/area-riservata/"))
    assert "1 avviso da risolvere prima della pubblicazione" in text


def test_without_a_draft_the_chair_is_told_so(assessore_client, db):
    year = timezone.localdate().year
    text = page_text(assessore_client.get("/area-riservata/"))
    assert f"La bozza del documento {year} non è ancora stata creata." in text
    assert "Prossimo incontro Non sono ancora previsti incontri." in text
