"""Every e-mail: a text part and an HTML part in the portal's style, automatic, with a site Message-ID."""

from __future__ import annotations

import pytest
from django.core import mail

from core.mail import email_enqueue
from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://tavolo.comune.example.it"


def test_an_email_has_a_text_and_an_html_part_with_the_same_links():
    email_enqueue(
        to="giulia@example.org",
        subject="Convocazione <b>urgente</b>",
        template="core/emails/test",
        context={"name": "Giulia"},
        dedup_key="abc",
    )
    [message] = mail.outbox
    assert message.body.startswith("Gentile Giulia,")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<p>Gentile Giulia,<br>" in html
    assert "Convocazione &lt;b&gt;urgente&lt;/b&gt;" in html  # what people typed is never markup
    assert '<a href="https://tavolo.comune.example.it/"' in html
    assert "Servizi alla Persona - Ufficio Welfare - Comune di Cervia" in html


def test_an_email_says_it_is_automatic_and_carries_a_message_id_of_the_site():
    email_enqueue(
        to="giulia@example.org", subject="Prova", template="core/emails/test", context={}, dedup_key="abc"
    )
    [message] = mail.outbox
    parsed = message.message()
    pk = OutgoingEmail.objects.get().pk
    assert parsed["Auto-Submitted"] == "auto-generated"
    # "ba7816bf8f01cfea" begins the SHA-256 of "abc": the same identifier on every attempt.
    assert parsed["Message-ID"] == f"<tavolo.{pk}.ba7816bf8f01cfea@tavolo.comune.example.it>"
