"""Pages: public list and detail (pinned query counts), registration through the forms, the
non-member flow, the representative's area and the staff pages, with outsider checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory, UserFactory
from training.models import Audience, Registration, RegistrationStatus, SessionStatus
from training.views.public import PAST_PER_PAGE

pytestmark = pytest.mark.django_db


def _people_post(organisation, *people):
    data = {
        "organisation": organisation.pk,
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
    }
    for i, (first, last, email) in enumerate(people):
        data |= {f"people-{i}-first_name": first, f"people-{i}-last_name": last, f"people-{i}-email": email}
    return data


def _past_session(title: str):
    session = TrainingSessionFactory(title=title, status=SessionStatus.HELD, lessons=0)
    LessonFactory(session=session, starts_at=timezone.now() - dt.timedelta(days=400 - len(title)))
    return session


def test_list_page_shows_upcoming_and_past_with_seats_left_in_constant_queries(
    client, django_assert_num_queries
):
    open_session = TrainingSessionFactory(title="Il Registro Unico del Terzo Settore", capacity=5, lessons=2)
    RegistrationFactory.create_batch(2, session=open_session)
    TrainingSessionFactory(title="Bozza riservata", status=SessionStatus.DRAFT)
    _past_session("Fundraising per piccole associazioni")
    url = reverse("training:list")
    # When the lists change with the clock; upcoming; past: count, page; the lessons' number and hours
    # of both, in one query
    with django_assert_num_queries(5):
        response = client.get(url)
    page = response.content.decode()
    assert "Il Registro Unico del Terzo Settore" in page and "3 posti disponibili su 5" in page
    assert "Fundraising per piccole associazioni" in page
    assert "Bozza riservata" not in page
    for n in range(4):
        RegistrationFactory(session=TrainingSessionFactory(lessons=3))
        _past_session(f"Corso passato numero {n}")
    with django_assert_num_queries(5):
        client.get(url)


def test_past_sessions_are_paginated(client):
    for n in range(PAST_PER_PAGE + 2):
        _past_session(f"Corso dell'archivio {n:02d}")
    card = '<article class="card card-bg h-100">'
    first = client.get(reverse("training:list")).content.decode()
    assert first.count(card) == PAST_PER_PAGE  # no session to come
    assert "Pagina 1 di 2" in first
    second = client.get(reverse("training:list"), {"page": 2}).content.decode()
    assert second.count(card) == 2
    assert "Pagina 2 di 2" in second
    assert client.get(reverse("training:list"), {"page": "x' OR 1=1"}).status_code == 200


def test_detail_page_in_constant_queries_and_drafts_are_404(client, django_assert_num_queries):
    session = TrainingSessionFactory(capacity=1, lessons=3, trainers="Dott.ssa Paola Zanni")
    RegistrationFactory(session=session)
    with django_assert_num_queries(4):  # session + lessons, sectors, themes
        response = client.get(session.get_absolute_url())
    page = response.content.decode()
    assert "Dott.ssa Paola Zanni" in page and "Nessun posto disponibile su 1" in page
    assert "lista d'attesa" in page
    RegistrationFactory.create_batch(3, session=session, status="waiting")
    with django_assert_num_queries(4):
        client.get(session.get_absolute_url())
    draft = TrainingSessionFactory(status=SessionStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("training:detail", args=[99999])).status_code == 404


def test_home_page_lists_upcoming_training(client):
    TrainingSessionFactory(title="Comunicare il welfare di comunità")
    assert "Comunicare il welfare di comunità" in client.get("/").content.decode()


def test_representative_registers_two_people_to_a_full_course_then_cancels_one(
    org_rep_client, rep_org, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(capacity=1)
    RegistrationFactory(session=session, email="gia@example.org")
    url = reverse("training:register_people", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = org_rep_client.post(
            url,
            _people_post(
                rep_org, ("Anna", "Rossi", "anna@example.org"), ("Bruno", "Verdi", "bruno@example.org")
            ),
            follow=True,
        )
    page = response.content.decode()
    assert "Anna Rossi è in lista d&#x27;attesa, in posizione 1" in page
    assert "Bruno Verdi è in lista d&#x27;attesa, in posizione 2" in page

    # the confirmed person cancels through their e-mail link: Anna is promoted and told
    confirmed = Registration.objects.get(email="gia@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        org_rep_client.post(reverse("training:participant_cancel", args=[confirmed.token]))
    assert Registration.objects.get(email="anna@example.org").status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Si è liberato un posto" in mail.outbox[0].subject


def test_register_form_errors_are_shown_not_500(org_rep_client, rep_org):
    session = TrainingSessionFactory()
    url = reverse("training:register_people", args=[session.pk])
    response = org_rep_client.post(url, _people_post(rep_org, ("Anna", "", "non-una-email")))
    assert response.status_code == 400
    assert "Questo campo è obbligatorio" in response.content.decode()
    twice = _people_post(rep_org, ("Anna", "Rossi", "a@example.org"), ("Anna", "Rossi", "A@example.org"))
    response = org_rep_client.post(url, twice)
    assert "Lo stesso indirizzo e-mail compare due volte" in response.content.decode()


def test_outsiders_cannot_register_or_cancel_others(other_org_rep_client, client, rep_org, other_org):
    session = TrainingSessionFactory()
    url = reverse("training:register_people", args=[session.pk])
    # registering people for another organisation: the choice is refused
    response = other_org_rep_client.post(url, _people_post(rep_org, ("Anna", "Rossi", "anna@example.org")))
    assert response.status_code == 400 and not Registration.objects.exists()
    # a signed-in user who represents no organisation: the role may not register people (403)
    plain = UserFactory()
    client.force_login(plain)
    assert client.post(url, _people_post(rep_org, ("A", "B", "c@example.org"))).status_code == 403
    # another organisation's registration and certificate: 404
    theirs = RegistrationFactory(session=session, organisation=rep_org)
    cancel = reverse("training:registration_cancel", args=[theirs.pk])
    assert other_org_rep_client.post(cancel).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CONFIRMED


def test_representative_manages_only_its_own_people(org_rep_client, rep_org, other_org):
    session = TrainingSessionFactory()
    mine = RegistrationFactory(session=session, organisation=rep_org, first_name="Mia")
    RegistrationFactory(session=session, organisation=other_org, first_name="Altrui")
    page = org_rep_client.get(reverse("training:my_registrations")).content.decode()
    assert "Mia" in page and "Altrui" not in page
    response = org_rep_client.post(reverse("training:registration_cancel", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED


def test_representative_registrations_are_twenty_a_page(org_rep_client, rep_org):
    session = TrainingSessionFactory(capacity=40)
    for i in range(22):
        RegistrationFactory(session=session, organisation=rep_org, last_name=f"Cognome{i:02d}")
    url = reverse("training:my_registrations")
    first = org_rep_client.get(url).content.decode()
    second = org_rep_client.get(url + "?page=2").content.decode()
    assert len(re.findall(r"Cognome\d\d<br>", first)) == 20
    assert len(re.findall(r"Cognome\d\d<br>", second)) == 2
    assert "Pagina 1 di 2" in first
    # Ordered by surname within the session: the last two come on the second page.
    assert "Cognome20<br>" in second and "Cognome21<br>" in second


def test_non_member_registers_and_verifies_through_the_email_link(client, django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(audience=Audience.PUBLIC)
    data = {
        "first_name": "Marta",
        "last_name": "Neri",
        "email": "marta@example.org",
        "role": "Educatrice",
        "organisation_name": "Cooperativa Il Faro",
        "privacy": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:register_public", args=[session.pk]), data)
    assert "Controlla la tua e-mail" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    link = re.search(r"https?://\S+/conferma/", mail.outbox[-1].body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a page with a button: mail scanners change nothing
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/" + path)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert mail.outbox[-1].subject.endswith(f"Iscrizione confermata: {session.title}")
    # the public form does not exist for member-only sessions
    members_only = TrainingSessionFactory()
    assert client.post(reverse("training:register_public", args=[members_only.pk]), data).status_code == 404


STAFF_PAGES = [
    ("training:manage", False),
    ("training:session_create", False),
    ("training:manage_session", True),
    ("training:session_edit", True),
    ("training:lesson_create", True),
    ("training:attendance", True),
    ("training:export_csv", True),
    ("training:export_xlsx", True),
    ("training:register_pdf", True),
]


@pytest.mark.parametrize(("name", "with_pk"), STAFF_PAGES)
def test_staff_pages_are_for_staff_only(name, with_pk, staff_client, org_rep_client, anonymous):
    session = TrainingSessionFactory()
    RegistrationFactory(session=session, first_name="Giulia")
    url = reverse(name, args=[session.pk] if with_pk else [])
    assert staff_client.get(url).status_code == 200
    assert org_rep_client.get(url).status_code == 403
    assert anonymous.get(url).status_code == 302


def test_staff_creates_a_session_adds_a_lesson_and_opens_registrations(staff_client):
    # Dates around today: written as fixed dates, the lesson fell in the past from 10 January 2027 and
    # the form asked to confirm a past lesson (the faketime audit found it).
    today = timezone.localdate()

    def local(days: int, hour: int) -> str:
        return f"{today + dt.timedelta(days=days):%Y-%m-%d}T{hour:02d}:00"

    response = staff_client.post(
        reverse("training:session_create"),
        {
            "title": "Primo soccorso psicologico per volontari",
            "description": "Ascolto attivo e gestione delle crisi.",
            "trainers": "Dott.ssa Paola Zanni",
            "capacity": "16",
            "registration_opens_at": local(-10, 9),
            "registration_closes_at": local(20, 9),
            "audience": "members",
        },
    )
    assert response.status_code == 302
    session = Registration._meta.get_field("session").related_model.objects.get()
    assert session.status == SessionStatus.DRAFT
    response = staff_client.post(
        reverse("training:session_status", args=[session.pk]), {"to_status": "open"}, follow=True
    )
    assert "Aggiungere almeno una lezione" in response.content.decode()
    staff_client.post(
        reverse("training:lesson_create", args=[session.pk]),
        {"starts_at": local(41, 9), "ends_at": local(41, 13), "place": "Magazzini del Sale"},
    )
    staff_client.post(reverse("training:session_status", args=[session.pk]), {"to_status": "open"})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN and session.total_hours() == 4


def test_exports_contain_the_participants(staff_client):
    session = TrainingSessionFactory()
    RegistrationFactory(session=session, first_name="=HYPERLINK(1)", last_name="Casadei")
    csv_text = staff_client.get(reverse("training:export_csv", args=[session.pk])).content.decode()
    assert "Casadei" in csv_text and "'=HYPERLINK(1)" in csv_text
    import io

    from openpyxl import load_workbook

    xlsx = staff_client.get(reverse("training:export_xlsx", args=[session.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["B2"].value == "Casadei" and sheet["A1"].value == "Posizione"
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=HYPERLINK(1)", "s")  # text, not a formula


def test_dashboard_panels_for_staff_and_representative(staff_client, org_rep_client, rep_org):
    session = TrainingSessionFactory(title="Corso con attesa", capacity=1)
    RegistrationFactory(session=session, organisation=rep_org, first_name="Lia")
    RegistrationFactory(session=session, status="waiting")
    staff_page = staff_client.get(reverse("dashboard")).content.decode()
    assert "Corso con attesa</a>: 1 persona" in staff_page
    rep_page = org_rep_client.get(reverse("dashboard")).content.decode()
    assert "Lia" in rep_page and "Corsi aperti per le vostre persone" in rep_page


def test_places_are_written_in_words_when_none_is_left(org_rep_client):
    """A full course says so in words on the dashboard, the representative's page, the list and its page."""
    from tests.wording.test_pages import defects_in, visible_text

    full = TrainingSessionFactory(title="Corso al completo", capacity=2, lessons=1)
    RegistrationFactory.create_batch(2, session=full)
    one_left = TrainingSessionFactory(title="Corso con un posto", capacity=3, lessons=1)
    RegistrationFactory.create_batch(2, session=one_left)
    pages = {
        name: _words(org_rep_client.get(url).content.decode())
        for name, url in [
            ("dashboard", reverse("dashboard")),
            ("mine", reverse("training:my_registrations")),
            ("list", reverse("training:list")),
            ("full", full.get_absolute_url()),
            ("one_left", one_left.get_absolute_url()),
        ]
    }
    for name in ("dashboard", "mine"):
        assert "Corso al completo - posti esauriti (lista d'attesa)" in pages[name], name
        assert "Corso con un posto - 1 posto disponibile" in pages[name], name
    assert "Completo: le nuove iscrizioni vanno in lista d'attesa" in pages["list"]
    assert "1 posto disponibile su 3" in pages["list"]
    assert "Posti Nessun posto disponibile su 2" in pages["full"]
    assert "Posti 1 disponibile su 3" in pages["one_left"]
    for name, text in pages.items():
        assert not re.search(r"\b0 (?:posti|disponibili)", text), name
        assert not [d for d in defects_in(visible_text(text)) if d.startswith("zero")], name


def _words(markup: str) -> str:
    import html

    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))
