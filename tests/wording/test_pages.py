"""The portal's Italian, as rendered: pages of every role and the e-mails of a few journeys.

Every page the permission matrix expects a role to see (200) is rendered for that role, its visible
text extracted and matched against tests/wording/defects.py. The world has one of most things and
several of some; the other organisation's representative sees empty lists (counts of 0).
"""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from tests.conftest import enrol_totp
from tests.factories import UserFactory
from tests.trust.test_permission_matrix import MATRIX, ROLES, _url_name, world  # noqa: F401
from tests.wording.defects import DEFECTS

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(markup: str) -> str:
    """The text a reader sees: tags become separators, so table cells never run into each other."""
    text = _TAG.sub(" | ", _INVISIBLE.sub(" ", markup))
    return re.sub(r"\s+", " ", html.unescape(text))


def defects_in(text: str) -> list[str]:
    found = []
    for defect in DEFECTS:
        for match in defect.pattern.finditer(text):
            start = max(match.start() - 40, 0)
            found.append(f"{defect.name}: «…{text[start : match.end() + 40]}…»")
    return found


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.name)
def test_every_defect_matches_its_example(defect):
    assert defect.pattern.search(defect.example), defect.example


@pytest.mark.parametrize(
    "good",
    [
        "Approvato l'8 luglio 2026",
        "aderente dal 12 luglio 2026",
        "il 1° marzo",
        "dal 1° ottobre 2026 al 21 ottobre 2026, alle 11 ottobre",
        "La frequenza è stata dell'86,1%",
        "rilasciato 1 attestato, 3 attestati",
        "Scrivi all'indirizzo e-mail info@comune.cervia.ra.it",
        "Autenticazione a due fattori",
        "Accesso effettuato",
        "Rappresentante: Benvenuto Peranda",
    ],
)
def test_correct_italian_is_not_a_defect(good):
    assert defects_in(good) == []


@pytest.mark.django_db
def test_pages_of_every_role_speak_italian(world):
    problems = []
    for key, row in sorted(MATRIX.items()):
        if row.method != "get":
            continue
        url = reverse(_url_name(key), kwargs=row.kwargs(world))
        for role, expected in zip(ROLES, row.expect.split(), strict=True):
            if expected != "200":
                continue
            with transaction.atomic():
                response = world.clients[role].get(url)
                transaction.set_rollback(True)
            if response.streaming:
                b"".join(response.streaming_content)
                continue
            content_type = response.headers.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            problems += [f"{url} as {role}: {p}" for p in defects_in(visible_text(response.content.decode()))]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_account_pages_and_emails_speak_italian(client, org_rep):
    pages = [reverse(name) for name in ("account_login", "account_signup", "account_reset_password")]
    problems = []
    for url in pages:
        problems += [f"{url}: {p}" for p in defects_in(visible_text(client.get(url).content.decode()))]
    client.post(reverse("account_reset_password"), {"email": org_rep.email})
    response = client.post(
        reverse("account_signup"), {"email": "nuova@example.org", "password1": "corta", "password2": "corta"}
    )
    problems += [f"signup errors: {p}" for p in defects_in(visible_text(response.content.decode()))]
    assert mail.outbox, "the password reset sent no e-mail"
    for message in mail.outbox:
        problems += [
            f"e-mail «{message.subject}»: {p}" for p in defects_in(f"{message.subject} | {message.body}")
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_account_emails_link_to_site_url_and_sign_as_the_office(client, org_rep, settings):
    settings.SITE_URL = "https://tavolo.comune.example.it"
    client.post(reverse("account_reset_password"), {"email": org_rep.email}, HTTP_HOST="127.0.0.1")
    client.post(reverse("account_reset_password"), {"email": "nessuno@example.org"})
    reset, unknown = mail.outbox
    assert reset.subject == "[Tavolo delle Risorse] Scegli una nuova password"
    assert reset.body.startswith("Buongiorno,\n")
    assert "https://tavolo.comune.example.it/account/password/reset/key/" in reset.body
    assert "testserver" not in reset.body and "127.0.0.1" not in reset.body
    assert "Servizi alla Persona - Ufficio Welfare\nComune di Cervia\n" in reset.body
    assert unknown.subject == "[Tavolo delle Risorse] Nessun account con questo indirizzo"
    assert "https://tavolo.comune.example.it/account/signup/" in unknown.body


@pytest.mark.django_db
def test_admin_speaks_italian(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    enrol_totp(admin_user)
    response = client.get("/admin/", follow=True)
    text = visible_text(response.content.decode())
    assert "Amministrazione del Tavolo delle Risorse" in text
    for leftover in (
        "Amministrazione Django",
        "Task Results",
        "Audit log",
        "Tasks Database Backend",
        "log entries",
    ):
        assert leftover not in text
    assert "Registro delle modifiche" in text and "Attività in background" in text
    assert "Ciao," in text and "Account e indirizzi e-mail" in text
    assert defects_in(text) == []
    # The two-list selector of many-to-many fields is written by the admin's JavaScript, from its
    # catalogue: Django leaves these strings untranslated in Italian (locale/it/LC_MESSAGES/djangojs.po).
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for italian in (
        "Per scegliere %s, selezionali",
        "Scegli tutti: %s",
        "Togli tutti: %s",
        "Elementi scelti: %s",
    ):
        assert italian in catalogue


@pytest.mark.parametrize(
    "text", ["Corso base - 0 posti disponibili", "Posti: 0 disponibili su 20", "0 posto disponibile"]
)
def test_places_written_as_zero_digits_are_a_defect(text):
    assert any(d.startswith("zero written as a digit") for d in defects_in(text)), text
