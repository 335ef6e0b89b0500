"""Random and hostile input never breaks a form: no 500, no unescaped markup, no header injection.

Each form is found by its URL; the fields are read from the rendered page, so new fields are covered
without touching this file. Add a form: one line in FORMS (URL name, kwargs builder, who posts).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.mail import email_enqueue
from tests.factories import MeetingFactory, RepresentativeFactory, TrainingSessionFactory

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
