"""Hostile input: it never breaks a form, and what gets in is shown back harmless everywhere.

Two kinds of test. `test_hostile_values_never_break_a_form` throws hostile and random text at every
form (fields read from the rendered page): no 500, no markup echoed back. The `test_stored_*` tests fill
a form with otherwise valid values and ONE hostile value in one field, so that the service stores it,
then open every page, export, PDF, e-mail and calendar file that shows it: markup is escaped, a
spreadsheet formula is neutralised, a line break adds no e-mail header nor calendar property, and
invisible direction-changing characters are dropped.

Hypothesis runs with a fixed seed and keeps the failing examples it finds in tests/.hypothesis (in the
repository, see tests/conftest.py), so that a failure replays on every machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import icalendar
import openpyxl
import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from core.mail import email_enqueue
from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
    theme,
)

HOSTILE = [
    "",
    " ",
    "x" * 20_000,
    "\x00",
    "nome\x00cognome",
    "\r\nBcc: vittima@example.org",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE members_organisation; --",
    "1 OR 1=1",
    "../../etc/passwd",
    "2026-02-30",
    "31/13/2026",
    "-1",
    "99999999999999999999",
    "0x41",
    "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤",
    "🙂👩‍👩‍👧‍👦",
    "\u202eevil",
    "%s%s%n",
    "{{ 7*7 }}",
    "\ud800",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
settings.register_profile(
    "hostile",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# (URL name, kwargs builder, who posts, GET instead of POST)
FORMS = [
    ("account_login", None, "anonymous", False),
    ("account_signup", None, "anonymous", False),
    ("account_reset_password", None, "anonymous", False),
    ("members:join", None, "anonymous", False),
    ("members:directory", None, "anonymous", True),
    ("meetings:list", None, "anonymous", True),
    ("training:list", None, "anonymous", True),
    ("training:certificate_lookup", None, "anonymous", True),
    ("meetings:proposal_create", None, "representative", False),
    ("members:profile_edit", lambda w: {"pk": w["org"].pk}, "representative", False),
    ("members:resource_create", lambda w: {"pk": w["org"].pk}, "representative", False),
    ("members:resource_search", None, "representative", True),
    ("reports:initiative_create", None, "representative", False),
    ("privacy:home", None, "representative", False),
    ("meetings:create", None, "staff", False),
    ("meetings:edit", lambda w: {"pk": w["meeting"].pk}, "staff", False),
    ("training:session_create", None, "staff", False),
    ("members:staff_list", None, "staff", True),
]


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("name") and attrs.get("type") != "hidden":
            self.names.add(attrs["name"])


def field_names(html: str) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    return sorted(parser.names - {"csrfmiddlewaretoken"})


@pytest.fixture
def world(db, org_rep, staff):
    RepresentativeFactory(organisation=org_rep.representations.get().organisation, is_primary=False)
    clients = {"anonymous": Client(), "representative": Client(), "staff": Client()}
    clients["representative"].force_login(org_rep)
    clients["staff"].force_login(staff)
    return {
        "org": org_rep.representations.get().organisation,
        "meeting": MeetingFactory(),
        "session": TrainingSessionFactory(),
        "clients": clients,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,who,use_get", FORMS, ids=[f[0] for f in FORMS])
def test_hostile_values_never_break_a_form(world, name, kwargs, who, use_get):
    client = world["clients"][who]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    page = client.get(url)
    assert page.status_code == 200, f"{url} as {who}: {page.status_code}"
    names = field_names(page.text) or ["q"]

    @seed(19)
    @settings(settings.get_profile("hostile"))
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, hostile_text)))
    def post_values(values):
        safe = {k: v.replace("\ud800", "?") if isinstance(v, str) else v for k, v in values.items()}
        response = client.get(url, safe) if use_get else client.post(url, safe)
        assert response.status_code < 500, f"{url} answered {response.status_code} to {safe!r:.300}"
        if response.status_code in {200, 400} and "text/html" in response.get("Content-Type", ""):
            assert "<script>alert('xss')</script>" not in response.text
            assert "<img src=x onerror" not in response.text

    post_values()


@pytest.mark.django_db
def test_errors_are_field_level_and_keep_the_typed_values(anonymous):
    response = anonymous.post(
        reverse("account_signup"),
        {"email": "non-una-email <b>", "password1": "corta", "password2": "diversa"},
    )
    assert response.status_code == 200
    html = response.text
    assert re.search(r'class="[^"]*invalid-feedback[^"]*"', html) or "errorlist" in html
    assert "non-una-email &lt;b&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "subject", ["Iscrizione di Mario\r\nBcc: tutti@example.org", "Riga\nspezzata", "A\rB"]
)
def test_newlines_in_subjects_never_add_headers(subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(
            to="persona@example.org",
            subject=subject,
            template="core/emails/test",
            context={},
            dedup_key=f"hostile-{hash(subject)}",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    assert message["Bcc"] is None
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject


# --- hostile values that get in ------------------------------------------------------------------
# Each is valid for a text field: the form accepts it, the service stores it, the pages show it.
STORED = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    'L\'Aquila & "Il Faro" <b>grassetto</b>',
    '=HYPERLINK("http://evil.example","clic")',
    "=cmd|' /C calc'!A0",
    "Faro\u202e di Cervia\u200b",  # right-to-left override and zero-width space
]
MARKUP = ("<script>alert", "<img src=x", "<b>grassetto")
INVISIBLE = ("\u202e", "\u200b")


def _visible(value: str) -> str:
    return "".join(ch for ch in value if ch not in INVISIBLE)


def check_page(html: str, value: str, *, shown: bool = True) -> None:
    """No markup of the value survives; the value is there, escaped; no invisible direction change."""
    for tag in MARKUP:
        if tag in value:
            assert tag not in html, f"{tag!r} reached the page unescaped"
    for ch in INVISIBLE:
        assert ch not in html, f"{ch!r} reached the page"
    if shown:
        core = _visible(value)[:12]
        seen = [html[max(0, i - 60) : i + 80] for i in _find_all(html, escape(core)[:12])]
        assert escape(_visible(value)) in html, f"{_visible(value)!r} is not shown escaped; seen: {seen}"


def _find_all(text: str, part: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(part), text)][:5]


def check_csv(body: bytes, value: str) -> None:
    text = body.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    cells = [cell for row in rows for cell in row if _visible(value).lstrip("=") in cell]
    assert cells, f"{value!r} is not in the CSV"
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@"), f"a spreadsheet would run {cell!r}"


def check_xlsx(body: bytes, value: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and _visible(value).lstrip("=") in cell.value
    ]
    assert cells, f"{value!r} is not in the spreadsheet"
    for cell in cells:
        # An XLSX cell carries its type: text stored as text is never run, and keeps its value exactly
        # (a phone number "+39 ..." must not gain an apostrophe).
        assert cell.data_type == "s", f"formula cell {cell.value!r}"


def check_mail(message, value: str) -> None:
    assert "\n" not in message.subject and "\r" not in message.subject
    for ch in INVISIBLE:
        assert ch not in message.subject
    for html, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            check_page(html, value, shown=False)


def check_pdf(body: bytes, value: str) -> None:
    from pdfminer.high_level import extract_text

    text = " ".join(extract_text(io.BytesIO(body)).split())
    # Markup typed by a person is text in the PDF, not HTML that WeasyPrint would interpret.
    for tag in MARKUP:
        if tag in value:
            assert tag in text, f"{tag!r} vanished from the PDF: it was rendered as markup"


def _read(response) -> bytes:
    # Reading a file response to the end closes its file (and keeps the database connection open).
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_examples(fields: list[str]):
    """One (field, hostile value) pair per example: the other fields stay valid."""
    return given(field=st.sampled_from(fields), value=st.sampled_from(STORED))


STORED_SETTINGS = settings(max_examples=12)


@pytest.fixture
def signed_in(org_rep, staff):
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return {"org_rep": make(org_rep), "staff": make(staff)}


@pytest.mark.django_db
@seed(19)
@STORED_SETTINGS
@stored_examples(["name", "description", "address", "first_name", "last_name", "role_in_organisation"])
def test_stored_join_application(signed_in, staff, field, value):
    from django.core.cache import cache

    from members.models import Organisation
    from members.services import organisation_approve
    from tests.members.test_join import form_data

    cache.clear()  # each example is another visitor: the join form's rate limit must not carry over
    with transaction.atomic():
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = Client().post(reverse("members:join"), form_data(**{field: value}))
        assert response.status_code == 302, response.content.decode()[:2000]
        organisation = Organisation.objects.get(fiscal_code=form_data()["fiscal_code"])
        stored = getattr(organisation, field, None)
        if stored is not None:
            assert not any(ch in stored for ch in INVISIBLE)
        staff_client = signed_in["staff"]
        check_page(
            staff_client.get(reverse("members:staff_detail", args=[organisation.pk])).content.decode(),
            value,
            shown=field in ("name", "first_name", "last_name", "role_in_organisation"),
        )
        check_page(staff_client.get(reverse("members:staff_queue")).content.decode(), value, shown=False)
        if field == "name":
            check_csv(_read(staff_client.get(reverse("members:staff_export_csv"))), value)
            check_xlsx(_read(staff_client.get(reverse("members:staff_export_xlsx"))), value)
        for message in mail.outbox:
            check_mail(message, value)
        with TestCase.captureOnCommitCallbacks(execute=True):
            organisation_approve(organisation=organisation, by=staff)
        public = Client().get(reverse("members:detail", args=[organisation.slug])).content.decode()
        check_page(public, value, shown=field in ("name", "description", "address"))
        check_page(Client().get(reverse("members:directory")).content.decode(), value, shown=field == "name")
        transaction.set_rollback(True)


@pytest.mark.django_db
@seed(19)
@STORED_SETTINGS
@stored_examples(["title", "description"])
def test_stored_topic_proposal(signed_in, field, value):
    data = {
        "title": "Emergenza abitativa",
        "description": "Sfratti in aumento.",
        "themes": [theme("casa").pk],
    }
    with transaction.atomic():
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = signed_in["org_rep"].post(reverse("meetings:proposal_create"), {**data, field: value})
        assert response.status_code == 302, response.content.decode()[:2000]
        mine = signed_in["org_rep"].get(reverse("meetings:my_proposals")).content.decode()
        check_page(mine, value, shown=field == "title")
        queue = signed_in["staff"].get(reverse("meetings:proposals")).content.decode()
        check_page(queue, value, shown=field == "title")
        for message in mail.outbox:
            check_mail(message, value)
        transaction.set_rollback(True)


@pytest.mark.django_db
@seed(19)
@STORED_SETTINGS
@stored_examples(["title", "place", "description"])
def test_stored_meeting_convocation(signed_in, org_rep, field, value):
    start = timezone.localtime() + dt.timedelta(days=20)
    data = {
        "title": "Plenaria di primavera",
        "kind": "plenary",
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "place": "Sala del Consiglio, Cervia",
        "online_url": "",
        "is_public": "on",
        "description": "Ordine del giorno in allegato.",
    }
    staff_client = signed_in["staff"]
    with transaction.atomic():
        response = staff_client.post(reverse("meetings:create"), {**data, field: value})
        assert response.status_code == 302, response.content.decode()[:2000]
        meeting = Meeting.objects.get()
        AgendaItemFactory(meeting=meeting, position=1)  # a meeting is convened with its agenda
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert staff_client.post(reverse("meetings:convene", args=[meeting.pk])).status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == "convened"
        check_page(Client().get(reverse("meetings:detail", args=[meeting.pk])).content.decode(), value)
        manage = staff_client.get(reverse("meetings:manage", args=[meeting.pk])).content.decode()
        check_page(manage, value, shown=field == "title")
        check_page(Client().get(reverse("meetings:list")).content.decode(), value, shown=field == "title")
        for url in (reverse("meetings:ics", args=[meeting.pk]), reverse("meetings:calendar_feed")):
            calendar = icalendar.Calendar.from_ical(_read(Client().get(url)))
            [event] = calendar.events  # a line break or a colon in the value added no event nor property
            shown = {"title": "SUMMARY", "place": "LOCATION", "description": "DESCRIPTION"}[field]
            assert _visible(value) in str(event[shown])
        assert mail.outbox, "the convocation was not sent"
        for message in mail.outbox:
            check_mail(message, value)
        transaction.set_rollback(True)


@pytest.mark.django_db
@seed(19)
@STORED_SETTINGS
@stored_examples(["people-0-first_name", "people-0-last_name"])
def test_stored_training_registration(signed_in, org_rep, field, value):
    organisation = org_rep.representations.get().organisation
    session = TrainingSessionFactory(title="Primo soccorso")
    data = {
        "organisation": organisation.pk,
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-first_name": "Giulia",
        "people-0-last_name": "Neri",
        "people-0-email": "giulia.neri@example.org",
    }
    staff_client = signed_in["staff"]
    with transaction.atomic():
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = signed_in["org_rep"].post(
                reverse("training:register_people", args=[session.pk]), {**data, field: value}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        check_page(signed_in["org_rep"].get(reverse("training:my_registrations")).content.decode(), value)
        check_page(
            staff_client.get(reverse("training:manage_session", args=[session.pk])).content.decode(), value
        )
        check_csv(_read(staff_client.get(reverse("training:export_csv", args=[session.pk]))), value)
        check_xlsx(_read(staff_client.get(reverse("training:export_xlsx", args=[session.pk]))), value)
        check_pdf(_read(staff_client.get(reverse("training:register_pdf", args=[session.pk]))), value)
        for message in mail.outbox:
            check_mail(message, value)
        transaction.set_rollback(True)


@pytest.mark.django_db
@seed(19)
@STORED_SETTINGS
@stored_examples(["title", "description", "availability"])
def test_stored_resource(signed_in, org_rep, field, value):
    organisation = org_rep.representations.get().organisation
    organisation.resources_public = True
    organisation.directory_consent = True
    organisation.save()
    data = {"kind": "space", "title": "Sala riunioni", "description": "Trenta posti.", "availability": "Sera"}
    with transaction.atomic():
        response = signed_in["org_rep"].post(
            reverse("members:resource_create", args=[organisation.pk]), {**data, field: value}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        check_page(
            signed_in["org_rep"].get(reverse("members:resources", args=[organisation.pk])).content.decode(),
            value,
            shown=field == "title",
        )
        check_page(
            signed_in["staff"].get(reverse("members:resource_search")).content.decode(),
            value,
            shown=field == "title",
        )
        public = Client().get(reverse("members:detail", args=[organisation.slug])).content.decode()
        check_page(public, value, shown=field == "title")
        transaction.set_rollback(True)
