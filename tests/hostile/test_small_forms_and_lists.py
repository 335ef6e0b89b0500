"""Hostile input where test_every_form.py does not reach: uploads, the one-field forms of the management
pages (a note, a reason, a date: answered with a message on the page they came from), the filters and
page numbers of the lists, and bytes no browser would send.

Expected answers are written by hand: the status, the Italian words of the message, what is stored.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attachment, Meeting, MinutesStatus, Routing
from members.models import MunicipalService
from reports.models import ReportVersion
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    MeetingFactory,
    RegistrationFactory,
    RoutingFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.meetings.helpers import past_meeting, pdf_bytes, with_minutes
from training.models import Feedback, TrainingSession

pytestmark = pytest.mark.django_db

LONG = "x" * 100_000
ENGLISH = re.compile(
    r"This field|Enter a |Ensure this|Select a valid|Null characters|IntegrityError|Traceback"
)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- uploads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("verbale.pdf", b"MZ\x90\x00 an executable renamed", "Questo tipo di file non è accettato"),
        ("verbale.pdf", b"", "vuoto"),
        ("verbale.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "10"),  # "at most 10 MB"
    ],
    ids=["executable named pdf", "empty", "11 MB"],
)
def test_a_wrong_upload_is_refused_on_its_field_and_nothing_is_stored(staff_client, name, content, words):
    meeting = past_meeting()
    with_minutes(meeting)
    response = staff_client.post(
        reverse("meetings:attachment_upload", args=[meeting.pk]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    errors = response.context["attachment_form"].errors["file"]
    assert any(words in message for message in errors), errors
    assert not ENGLISH.search(response.content.decode())
    assert not Attachment.objects.exists()


def test_an_upload_with_a_hostile_name_is_stored_under_a_harmless_one(staff_client):
    meeting = past_meeting()
    with_minutes(meeting)
    hostile = "../../" + "<script>" * 40 + "\u202e.pdf"
    response = staff_client.post(
        reverse("meetings:attachment_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile(hostile, pdf_bytes())},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert ".." not in attachment.file.name and "<" not in attachment.file.name
    assert "\u202e" not in attachment.file.name


def test_a_pdf_named_exe_is_stored_as_the_pdf_it_is(staff_client):
    meeting = past_meeting()
    with_minutes(meeting)
    response = staff_client.post(
        reverse("meetings:attachment_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile("verbale.exe", pdf_bytes())},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(".pdf") and attachment.content_type == "application/pdf"


# --- one-field forms on the management pages ---------------------------------------------------------


def test_a_too_long_note_on_publishing_a_report_is_kept_with_its_message(staff_client):
    AnnualReportFactory(year=2024)
    note = "Correzione dei dati. " + "x" * 2100
    response = staff_client.post(reverse("reports:publish", args=[2024]), {"note": note})
    assert response.status_code == 400
    [message] = response.context["form"].errors["note"]
    assert "più di 2000 caratteri" in message
    page = response.content.decode()
    assert message in page  # on the page, next to the field
    assert note in page  # nothing typed is lost
    assert not ReportVersion.objects.exists()


def test_a_too_long_note_on_a_status_change_says_what_is_wrong(staff_client):
    session = TrainingSessionFactory()
    response = staff_client.post(
        reverse("training:session_status", args=[session.pk]), {"to_status": "held", "reason": LONG}
    )
    assert response.status_code == 302
    assert any(m.startswith("Nota: ") and "più di 1000 caratteri" in m for m in _messages(response))
    session.refresh_from_db()
    assert session.status == "open"


def test_an_unknown_status_is_refused(staff_client):
    session = TrainingSessionFactory()
    response = staff_client.post(reverse("training:session_status", args=[session.pk]), {"to_status": "\x00"})
    assert response.status_code == 302
    assert "Scegliere uno stato valido." in _messages(response)
    assert TrainingSession.objects.get().status == "open"


def test_a_too_long_reason_for_a_service_override_says_what_is_wrong(staff_client, municipal_service):
    item = AgendaItemFactory(meeting=MeetingFactory())
    response = staff_client.post(
        reverse("meetings:item_services", args=[item.meeting_id, item.pk]),
        {"action": "add", "service": municipal_service.pk, "reason": LONG},
    )
    assert response.status_code == 302
    assert any(m.startswith("Motivo: ") and "più di 500 caratteri" in m for m in _messages(response))
    assert not Routing.objects.exists()


@pytest.mark.parametrize("due_date", ["0000-00-00", "31/02/2026", LONG, "\x00"])
def test_a_bad_due_date_for_routing_routes_nothing(staff_client, municipal_service, due_date):
    item = AgendaItemFactory(meeting=MeetingFactory())
    response = staff_client.post(
        reverse("meetings:item_route", args=[item.meeting_id, item.pk]), {"due_date": due_date}
    )
    assert response.status_code == 302
    assert "Inserisci una data valida." in _messages(response)
    assert not Routing.objects.exists()


@pytest.mark.parametrize("due_date", ["0000-00-00", "2026-02-31", LONG])
def test_a_bad_new_due_date_keeps_the_old_one(staff_client, municipal_service, due_date):
    routing = RoutingFactory(service=municipal_service)
    before = routing.due_date
    response = staff_client.post(
        reverse("meetings:routing_due_date", args=[routing.pk]), {"due_date": due_date}
    )
    assert response.status_code in (200, 302, 400)
    assert not ENGLISH.search(response.content.decode())
    routing.refresh_from_db()
    assert routing.due_date == before


@pytest.mark.parametrize("until", ["0000-00-00", "9999-12-31x", LONG, "\x00"])
def test_a_bad_comment_deadline_opens_nothing(staff_client, until):
    meeting = past_meeting()
    minutes = with_minutes(meeting)
    response = staff_client.post(
        reverse("meetings:minutes_open", args=[meeting.pk]), {"comments_until": until}
    )
    assert response.status_code == 302
    assert any("data" in m for m in _messages(response)), _messages(response)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT


def test_a_too_long_cancellation_reason_cancels_nothing(staff_client):
    meeting = MeetingFactory(status="convened", convened_at=timezone.now())
    response = staff_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": LONG})
    assert response.status_code in (200, 400)
    assert any("più di" in m for m in response.context["form"].errors["reason"])
    assert Meeting.objects.get().status == "convened"


@pytest.mark.parametrize("text", [LONG, "\x00", "   "])
def test_a_bad_comment_on_the_minutes_is_not_stored(org_rep_client, org_rep, text):
    organisation = org_rep.representations.get().organisation
    meeting = past_meeting(organisations=[organisation], days_ago=8)
    minutes = with_minutes(
        meeting,
        status=MinutesStatus.OPEN_FOR_COMMENTS,
        comments_until=timezone.localdate() + dt.timedelta(days=7),
    )
    response = org_rep_client.post(reverse("meetings:minutes_comment", args=[meeting.pk]), {"text": text})
    assert response.status_code < 500
    assert not ENGLISH.search(response.content.decode())
    assert not minutes.comments.exists()


@pytest.mark.parametrize("rating", ["0", "6", "-1", str(10**30), "abc", "\x00"])
def test_a_bad_rating_is_not_stored(rating):
    registration = RegistrationFactory(session=TrainingSessionFactory(status="held"))
    url = reverse("training:participant_feedback", args=[registration.token])
    if rating == "0":  # the same page takes a good rating: the refusals below are the values' doing
        with transaction.atomic():
            assert Client().post(url, {"rating": "5", "comment": "Bene"}).status_code == 302
            assert Feedback.objects.get().rating == 5
            transaction.set_rollback(True)
    response = Client().post(
        reverse("training:participant_feedback", args=[registration.token]),
        {"rating": rating, "comment": "Bene"},
    )
    assert response.status_code < 500
    assert not ENGLISH.search(response.content.decode())
    assert not Feedback.objects.exists()


def test_referent_search_with_a_huge_text_answers_on_the_field(staff_client):
    """The search ran on the raw text before the form checked it: 100,000 characters made SQLite fail
    ("LIKE or GLOB pattern too complex"), a 500."""
    UserFactory(first_name="Mariella", last_name="Bassi")
    response = staff_client.post(
        reverse("members:office_service_create"),
        {"name": "Ufficio casa", "referent_search": LONG, "search": "1"},
    )
    assert response.status_code == 200
    assert any("più di 100 caratteri" in m for m in response.context["form"].errors["referent_search"])
    assert not MunicipalService.objects.filter(name="Ufficio casa").exists()
    ok = staff_client.post(
        reverse("members:office_service_create"),
        {"name": "Ufficio casa", "referent_search": "Mariella", "search": "1"},
    )
    assert "Mariella Bassi" in ok.content.decode()
    assert not ok.context["form"].errors


# --- the lists' filters and page numbers -------------------------------------------------------------

LISTS = [
    ("anonymous", "members:directory"),
    ("anonymous", "meetings:list"),
    ("anonymous", "meetings:decisions"),
    ("anonymous", "training:list"),
    ("anonymous", "training:certificate_lookup"),
    ("anonymous", "reports:archive"),
    ("org_rep", "members:resource_search"),
    ("org_rep", "reports:initiative_list"),
    ("org_rep", "notifications:list"),
    ("staff", "members:staff_list"),
    ("staff", "meetings:proposals"),
    ("staff", "meetings:manage_list"),
    ("staff", "training:manage"),
]
QUERIES = [
    {"page": "abc"},
    {"page": "99999"},
    {"page": "-1"},
    {"page": str(10**30)},
    {"pagina": "abc"},
    {"pagina": "99999"},
    {"year": "abc"},
    {"anno": "abc"},
    {"stato": "\x00"},
    {"q": "x" * 10_000},
    {"q": "\x00"},
    {"q": "'; DROP TABLE members_organisation; --"},
    {"q": "%_%\\"},
    {"sector": "999999", "theme": "abc", "area": "-1", "kind": "nessuno", "status": "\x00"},
    {"code": "x" * 10_000},
]


@pytest.mark.parametrize("who,name", LISTS, ids=[name for _, name in LISTS])
@pytest.mark.parametrize(
    "query", QUERIES, ids=[next(iter(q)) + "=" + next(iter(q.values()))[:12] for q in QUERIES]
)
def test_list_parameters_never_break_a_list(who, name, query, request):
    client = Client() if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    response = client.get(reverse(name), query)
    assert response.status_code in (200, 400, 404), response.status_code
    assert not ENGLISH.search(response.content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/relazioni/99999/",
        "/relazioni/0.pdf",
        "/area-riservata/incontri/presenze/99999/",
        "/incontri/99999999999999999999/",
    ],
)
def test_impossible_years_and_ids_in_the_path_are_not_found(staff_client, path):
    assert staff_client.get(path).status_code == 404


# --- bytes no browser sends --------------------------------------------------------------------------


def test_invalid_utf8_in_a_form_is_read_as_a_replacement_character(org_rep_client):
    """A lone surrogate cannot be sent by a browser; a script can send its bytes (ED A0 80)."""
    from meetings.models import TopicProposal
    from tests.factories import theme

    body = b"title=Casa+%ED%A0%80+Famiglia&description=Testo&themes=" + str(theme("casa").pk).encode()
    response = org_rep_client.generic(
        "POST", reverse("meetings:proposal_create"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert TopicProposal.objects.get().title == "Casa \ufffd\ufffd\ufffd Famiglia"


# --- allauth's own forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,words",
    [
        ("x" * 100_000 + "@example.org", "più di 320 caratteri"),
        ("a\x00b@example.org", "caratteri null"),
        ("<script>@x.it", "indirizzo email valido"),
    ],
    ids=["100000 characters", "NUL", "markup"],
)
@pytest.mark.parametrize(
    "who,url,data",
    [
        ("anonymous", "/account/login/", {"password": "mare-di-cervia-2026"}),
        ("anonymous", "/account/password/reset/", {}),
        ("org_rep", "/account/email/", {"action_add": ""}),
    ],
    ids=["login", "password reset", "add e-mail"],
)
def test_allauth_forms_answer_hostile_e_mails_on_the_field(who, url, data, value, words, request):
    from allauth.account.models import EmailAddress

    client = Client() if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    key = "login" if "login" in url else "email"
    before = EmailAddress.objects.count()
    response = client.post(url, {**data, key: value})
    assert response.status_code == 200
    assert any(words in message for message in response.context["form"].errors[key])
    assert not ENGLISH.search(response.content.decode())
    assert EmailAddress.objects.count() == before
    assert not mail_sent()


def mail_sent() -> bool:
    from django.core import mail

    return bool(mail.outbox)
