"""Hostile input on every form: bad input gets an Italian message on its field and changes nothing;
odd but valid input (emoji, markup, SQL-looking text) is saved as typed and shown escaped; never a 500.

Each form of the portal (tests/hostile/forms_under_test.py: its URL, its user, valid values) is posted
with valid values and ONE hostile value in one field. What each value must produce is written here by
hand, per kind of field, from the rules (docs/rules.md, the field's declaration):

- refused: the page comes back (200 or 400) with the form, the field carries an Italian message that
  contains the expected words, every other value typed is still there, nothing is saved;
- saved: the post redirects, the field holds exactly the expected text (control and direction-changing
  characters dropped, markup kept as text), and the edit page shows it escaped.

Production settings: DEBUG is off (pytest-django's default), staff are enrolled in TOTP as
TAVOLO_REQUIRE_STAFF_MFA (on by default) requires, the Italian language.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from tests.hostile import forms_under_test as f
from tests.hostile.forms_under_test import FORMS, page_values

pytestmark = pytest.mark.django_db

REFUSED, SAVED = "refused", "saved"
LONG = "x" * 100_000
MARKUP = '<b>Sala</b><script>alert("x")</script>'  # short enough for any single-line field

# (label, value, {kind: (outcome, what)}): what is, for a refusal, the Italian words one of the field's
# messages contains ("" when the form words it its own way, e.g. "Scrivi il tuo nome."); for a save, the
# text stored.
TEXT_KINDS = (f.REQUIRED_TEXT, f.OPTIONAL_TEXT, f.LONG_TEXT)
TOO_LONG = "più di"  # "Assicurati che questo valore non contenga più di 200 caratteri (ne ha 100000)."
NOT_A_CHOICE = ("Scegli un'opzione valida", "caratteri null")
CASES: list[tuple[str, object, dict[str, tuple[str, str]]]] = [
    (
        "100000 characters",
        LONG,
        {
            f.REQUIRED_TEXT: (REFUSED, TOO_LONG),
            f.OPTIONAL_TEXT: (REFUSED, TOO_LONG),
            f.LONG_TEXT: (REFUSED, TOO_LONG),
            f.CODE: (REFUSED, TOO_LONG),
            f.EMAIL: (REFUSED, TOO_LONG),
            f.OPTIONAL_EMAIL: (REFUSED, TOO_LONG),
            f.DATE: (REFUSED, "data valida"),
            f.DATETIME: (REFUSED, "valid"),
            f.NUMBER: (REFUSED, "numero intero"),
            f.CHOICE: (REFUSED, "Scegli un'opzione valida"),
            f.FOREIGN_KEY: (REFUSED, "Scegli un'opzione valida"),
        },
    ),
    (
        "NUL only",
        "\x00",
        {
            f.REQUIRED_TEXT: (REFUSED, ""),
            f.CODE: (REFUSED, ""),
            f.OPTIONAL_TEXT: (SAVED, ""),
            f.EMAIL: (REFUSED, ""),
            f.OPTIONAL_EMAIL: (SAVED, ""),
            f.DATE: (REFUSED, ("data valida", "caratteri null")),
            f.NUMBER: (REFUSED, ("numero intero", "caratteri null")),
            f.CHOICE: (REFUSED, NOT_A_CHOICE),
            f.FOREIGN_KEY: (REFUSED, NOT_A_CHOICE),
        },
    ),
    (
        "NUL inside",
        "Casa\x00 Famiglia",
        dict.fromkeys(TEXT_KINDS, (SAVED, "Casa Famiglia"))
        | {f.EMAIL: (REFUSED, "valid"), f.OPTIONAL_EMAIL: (REFUSED, "valid")},
    ),
    (
        "whitespace only",
        "  \t \u00a0 ",
        {
            f.REQUIRED_TEXT: (REFUSED, ""),
            f.CODE: (REFUSED, ""),
            f.OPTIONAL_TEXT: (SAVED, ""),
            f.EMAIL: (REFUSED, ""),
            f.OPTIONAL_EMAIL: (SAVED, ""),
        },
    ),
    (
        "markup",
        MARKUP,
        dict.fromkeys(TEXT_KINDS, (SAVED, MARKUP))
        | {f.EMAIL: (REFUSED, "valid"), f.OPTIONAL_EMAIL: (REFUSED, "valid"), f.CODE: (REFUSED, "")},
    ),
    (
        "emoji and right-to-left override",
        "Festa 🙂👩\u200d👧 \u202edi quartiere",
        dict.fromkeys(TEXT_KINDS, (SAVED, "Festa 🙂👩\u200d👧 di quartiere")) | {f.CODE: (REFUSED, "")},
    ),
    (
        "SQL",
        "x'; DROP TABLE members_user; --",
        dict.fromkeys(TEXT_KINDS, (SAVED, "x'; DROP TABLE members_user; --"))
        | {f.NUMBER: (REFUSED, "numero intero"), f.DATE: (REFUSED, "data valida"), f.CODE: (REFUSED, "")},
    ),
    ("negative", "-1", {f.NUMBER: (REFUSED, "maggiore o uguale")}),
    ("10**30", str(10**30), {f.NUMBER: (REFUSED, "minore o uguale")}),
    ("date 0000-00-00", "0000-00-00", {f.DATE: (REFUSED, "data valida")}),
    ("date 31/02/2026", "31/02/2026", {f.DATE: (REFUSED, "data valida")}),
    ("date 2026-02-31", "2026-02-31", {f.DATE: (REFUSED, "data valida")}),
    ("datetime 0000-00-00T00:00", "0000-00-00T00:00", {f.DATETIME: (REFUSED, "valid")}),
    ("datetime 31/02/2026 10:00", "31/02/2026 10:00", {f.DATETIME: (REFUSED, "valid")}),
    ("unknown choice", "nessuna-di-queste", {f.CHOICE: (REFUSED, "Scegli un'opzione valida")}),
    (
        "id that does not exist",
        "999999",
        {
            f.FOREIGN_KEY: (REFUSED, NOT_A_CHOICE),
            f.MANY: (REFUSED, NOT_A_CHOICE),
        },
    ),
    ("negative id", "-5", {f.FOREIGN_KEY: (REFUSED, "Scegli un'opzione valida")}),
    ("id that is no number", "abc", {f.FOREIGN_KEY: (REFUSED, "Scegli un'opzione valida")}),
    (
        "e-mail without @",
        "mario.rossi.example.org",
        {f.EMAIL: (REFUSED, "email valid"), f.OPTIONAL_EMAIL: (REFUSED, "email valid")},
    ),
]
# Words Django writes when a message was not translated, and what a database says when it fails.
ENGLISH = re.compile(
    r"This field|Enter a |Ensure this|Select a valid|is not one of|Null characters|The submitted"
    r"|IntegrityError|UNIQUE constraint|violates|value too long|out of range|Traceback|OperationalError"
)


def _params():
    for form in FORMS:
        for field_name, kind in form.fields.items():
            for label, value, answers in CASES:
                if kind in answers:
                    outcome, expected = answers[kind]
                    yield pytest.param(
                        form, field_name, value, outcome, expected, id=f"{form.name}-{field_name}-{label}"
                    )


@pytest.fixture
def cast(staff, org_rep, service_referent, municipal_service):
    assert settings.DEBUG is False
    assert settings.TAVOLO_REQUIRE_STAFF_MFA is True
    clients = {"anonymous": Client()}
    for who, user in (("staff", staff), ("org_rep", org_rep), ("referent", service_referent)):
        clients[who] = Client()
        clients[who].force_login(user)
    ctx = {"staff": staff, "org_rep": org_rep, "municipal_service": municipal_service}
    return clients, ctx


def _forms_in(response) -> list[django_forms.BaseForm]:
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, django_forms.BaseForm) and value.is_bound and value not in found:
                found.append(value)
    return found


def _field_errors(response, key: str) -> list[str]:
    for form in _forms_in(response):
        for name in form.fields:
            if form.add_prefix(name) == key and name in form.errors:
                return [str(message) for message in form.errors[name]]
    return []


def _snapshot(form: f.Form, ctx: dict):
    if form.edit_of is not None:
        obj = form.edit_of(ctx)
        obj.refresh_from_db()
        return {
            fld.attname: getattr(obj, fld.attname)
            for fld in obj._meta.concrete_fields
            if fld.attname not in ("updated_at", "modified", "last_login")
        }
    return form.saved(ctx)


@pytest.mark.parametrize("form,field_name,value,outcome,expected", list(_params()))
def test_hostile_value_in_one_field(cast, form, field_name, value, outcome, expected):
    clients, ctx = cast
    client = clients[form.who]
    ctx.update(form.setup(ctx))
    url = ctx["url"]
    page = client.get(ctx.get("page", url))
    assert page.status_code == 200, f"{url} as {form.who}: {page.status_code}"
    data = form.valid(ctx) if form.valid else page_values(page.content.decode(), containing=field_name)
    data = {**data, field_name: [value] if form.fields[field_name] == f.MANY else value}
    before = _snapshot(form, ctx)

    response = client.post(url, data)

    assert response.status_code < 500
    html = response.content.decode()
    assert not ENGLISH.search(html), ENGLISH.search(html)
    if outcome == REFUSED:
        assert response.status_code in (200, 400), f"{url} {field_name}={value!r:.60}: {response.status_code}"
        errors = _field_errors(response, field_name)
        assert errors, f"no message on {field_name}; page errors: {[x.errors for x in _forms_in(response)]}"
        words = (expected,) if isinstance(expected, str) else expected
        assert any(w in message for w in words for message in errors), errors
        for message in errors:
            assert escape(message) in html or message in unescape(html), f"{message!r} is not on the page"
        for other, typed in data.items():  # nothing the person typed is lost
            if other != field_name and isinstance(typed, str) and typed.strip() and "password" not in other:
                assert escape(typed) in html or typed in unescape(html), f"{other}={typed!r} was lost"
        assert _snapshot(form, ctx) == before, "a refused post changed what is stored"
        return

    assert response.status_code == form.extra.get("success", 302), (
        f"{url} {field_name}={value!r:.60}: {response.status_code} {_field_errors(response, field_name)}"
    )
    if form.edit_of is None:
        assert form.saved(ctx) == before + 1
        return
    obj = form.edit_of(ctx)
    obj.refresh_from_db()
    model_field = obj._meta.get_field(field_name)
    assert getattr(obj, model_field.attname) == expected
    if expected:
        shown = client.get(url).content.decode()
        assert escape(expected) in shown, f"{expected!r} not shown escaped on {url}"
        if "<script>" in expected:
            assert "<script>alert" not in shown


def test_every_form_of_the_portal_is_attacked():
    """The list covers each form class of every app (a new form must be added to forms_under_test)."""
    attacked = {form.name for form in FORMS}
    assert len(attacked) == len(FORMS)
    assert {"account_signup", "members:join", "meetings:create", "training:session_edit"} <= attacked
    assert apps.is_installed("allauth.account")
