"""A delegate's invitation walked through the pages: the link explains itself to someone without an
account, the sign-up asks for a name (in Italian), the e-mail is confirmed, the invitation is accepted,
and the new delegate appears by name. Expired, used and wrong-account links get a clear page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import DelegateInvitation, Representative
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
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


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _link(body: str, marker: str) -> str:
    url = next(word for word in body.split() if marker in word)
    return re.sub(r"^https?://[^/]+", "", url)


def _invite(org_rep, org, capture) -> str:
    org_rep.first_name, org_rep.last_name = "Maria", "Rossi"
    org_rep.save()
    client = Client()
    client.force_login(org_rep)
    mail.outbox.clear()
    with capture(execute=True):
        client.post(
            reverse("members:representatives", args=[org.pk]),
            {"email": "anna.verdi@example.org", "role_in_organisation": "Segretaria"},
        )
    return _link(mail.outbox[-1].body, "/invito/")


def test_an_invited_person_without_account_signs_up_with_a_name_and_becomes_a_delegate(
    org, org_rep, django_capture_on_commit_callbacks
):
    path = _invite(org_rep, org, django_capture_on_commit_callbacks)
    visitor = Client()

    page = visitor.get(path)
    assert page.status_code == 200
    text = _page(page)
    assert "Maria Rossi ti invita ad agire come persona delegata di <strong>Auser Cervia</strong>" in text
    assert "Che cosa fa una persona delegata" in text
    assert "Scadenza" in text
    invitation = DelegateInvitation.objects.get()
    # The link works for seven days from the invitation.
    until = timezone.localtime(invitation.created_at + dt.timedelta(days=7))
    assert f"<dd>{until.day} {MONTHS[until.month - 1]} {until.year}, {until:%H:%M}</dd>" in text
    assert "anna.verdi@example.org" in text
    # Accepting needs an account: a POST without one goes to the sign-in page.
    assert visitor.post(path)["Location"].startswith(reverse("account_login"))

    signup_url = re.search(r'href="(/account/signup/\?[^"]+)"', text).group(1).replace("&amp;", "&")
    form = _page(visitor.get(signup_url))
    assert 'value="anna.verdi@example.org"' in form
    assert 'name="first_name"' in form and 'name="last_name"' in form

    data = {
        "email": "anna.verdi@example.org",
        "password1": "una-password-lunga-2026",
        "password2": "una-password-lunga-2026",
        "privacy_accepted": "on",
        "next": path,
    }
    missing = visitor.post(signup_url, data)
    assert missing.status_code == 200
    assert "Scrivi il tuo nome." in _page(missing)
    assert "Scrivi il tuo cognome." in _page(missing)
    assert 'value="anna.verdi@example.org"' in _page(missing)  # nothing typed is lost

    mail.outbox.clear()
    done = visitor.post(signup_url, {**data, "first_name": "Anna", "last_name": "Verdi"})
    assert done.status_code == 302
    confirm = _link(mail.outbox[-1].body, "/account/confirm-email/")
    confirmed = visitor.post(confirm)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == path  # back to the invitation, signed in

    page = _page(visitor.get(path))
    assert "Accetta l'invito" in page
    accepted = visitor.post(path)
    assert accepted["Location"] == reverse("members:my_organisation", args=[org.pk])
    delegate = Representative.objects.get(organisation=org, user__email="anna.verdi@example.org")
    assert (delegate.is_primary, delegate.is_active, delegate.role_in_organisation) == (
        False,
        True,
        "Segretaria",
    )
    assert (delegate.user.first_name, delegate.user.last_name) == ("Anna", "Verdi")
    listing = _page(visitor.get(reverse("members:my_organisation", args=[org.pk])))
    assert "Anna Verdi" in listing

    used = visitor.post(path)
    assert used.status_code == 400
    assert "L'invito è già stato utilizzato." in _page(used)


def test_a_used_or_withdrawn_or_foreign_link_gets_a_clear_page(
    org, org_rep, django_capture_on_commit_callbacks
):
    path = _invite(org_rep, org, django_capture_on_commit_callbacks)
    someone_else = Client()
    someone_else.force_login(UserFactory(email="altra.persona@example.org"))
    page = someone_else.get(path)
    assert page.status_code == 200
    assert "L'invito è stato inviato a anna.verdi@example.org" in _page(page)
    someone_else.post(path)
    assert not Representative.objects.filter(user__email="altra.persona@example.org").exists()

    DelegateInvitation.objects.update(revoked_at="2026-01-01T00:00:00Z")
    withdrawn = Client().get(path)
    assert withdrawn.status_code == 400
    assert "L'invito è stato ritirato." in _page(withdrawn)
    assert "chiedi al suo referente principale di inviarti un nuovo invito" in _page(withdrawn)

    garbage = Client().get(reverse("members:invitation_accept", args=["non-valido"]))
    assert garbage.status_code == 400
    assert "Il link dell'invito non è valido." in _page(garbage)


def test_the_portal_sign_up_asks_for_first_and_last_name(anonymous):
    page = _page(anonymous.get(reverse("account_signup")))
    assert page.index('name="first_name"') < page.index('name="last_name"') < page.index('name="email"')
    response = anonymous.post(
        reverse("account_signup"),
        {
            "first_name": "  ",
            "last_name": "",
            "email": "nuova@example.org",
            "password1": "una-password-lunga-2026",
            "password2": "una-password-lunga-2026",
            "privacy_accepted": "on",
        },
    )
    assert response.status_code == 200
    assert "Scrivi il tuo nome." in _page(response)
    assert not Representative.objects.exists()
    from members.models import User

    assert not User.objects.filter(email="nuova@example.org").exists()
