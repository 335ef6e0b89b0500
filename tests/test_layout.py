"""The portal's layout (templates/base.html and friends) as a visitor and a browser see it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tavolo.views import server_error

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _get(client, path: str, **extra):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="it", **extra)


def test_login_page_is_in_italian_with_skip_links_navigation_and_footer(client):
    response = _get(client, reverse("account_login"))

    assert response.status_code == 200
    html = response.content.decode()
    tags = _tags(html)
    assert '<html lang="it">' in html
    # Skip links come first and point at landmarks that exist.
    skip = tags.find("a", href="#main-content")
    assert skip and skip[0]["class"] == "visually-hidden-focusable"
    assert "Vai al contenuto principale" in html
    assert tags.find("main", id="main-content")
    assert "Vai al menu" in html
    assert tags.find("nav", id="main-nav")
    assert tags.find("button", **{"aria-controls": "main-menu", "aria-expanded": "false"})
    # The header names the municipality and the site, the page has exactly one h1.
    assert settings.TAVOLO_MUNICIPALITY in html
    assert "Tavolo delle Risorse" in html
    assert len(tags.find("h1")) == 1
    assert re.search(r"<h1[^>]*>\s*Accedi\s*</h1>", html)
    # The main navigation comes from the context processor.
    assert tags.find("a", href=reverse("regolamento"), **{"class": "nav-link"})
    # Footer: accessibility statement, feedback, privacy notice, rules.
    assert tags.find("a", href=reverse("accessibility"))
    assert tags.find("a", href=reverse("accessibility") + "#feedback")
    assert tags.find("a", href=reverse("privacy"))
    assert "Dichiarazione di accessibilità" in html
    assert "Informativa privacy" in html
    # Signed out: a way in, no way out.
    assert "Esci" not in html
    # The language switch is a pair of links: no form, so no CSRF cookie on public pages.
    english = reverse("language_switch", args=["en"]) + "?next=" + reverse("account_login")
    switch = tags.find("a", href=english)
    assert switch and switch[0]["hreflang"] == "en"
    assert not tags.find("form", action=reverse("set_language"))


def test_every_script_is_a_deferred_file_of_the_site_without_nonce_and_nothing_is_inline(client):
    response = _get(client, reverse("account_login"))

    # Same-origin files are allowed by 'self': no nonce, so the page is the same for every visitor.
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "nonce-" not in policy, policy
    tags = _tags(response.content.decode())
    scripts = tags.find("script")
    assert len(scripts) >= 2  # the portal's bootstrap and the Bootstrap Italia bundle
    for script in scripts:
        assert script.get("src", "").startswith("/static/"), script
        assert "defer" in script and "nonce" not in script, script
    assert not tags.find("style")
    # The CSP has no 'unsafe-inline': style attributes and event handlers would be blocked.
    for tag, attrs in tags.tags:
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], tag


def test_signed_in_user_gets_reserved_area_and_a_logout_form_with_csrf(client, django_user_model):
    user = django_user_model.objects.create_user(email="mario.rossi@example.it", password="unused-password-1")
    client.force_login(user)

    response = _get(client, reverse("account_change_password"))

    html = response.content.decode()
    tags = _tags(html)
    assert tags.find("a", href=reverse("dashboard"))
    assert "Area riservata" in html
    logout = tags.find("form", action=reverse("account_logout"), method="post")
    assert logout
    form_html = html[html.index(f'action="{reverse("account_logout")}"') :]
    form_html = form_html[: form_html.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form_html
    assert "Esci" in form_html


def test_language_switch_turns_the_layout_to_english(client):
    response = client.get(
        reverse("language_switch", args=["en"]), {"next": reverse("account_login")}, follow=True
    )

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Accessibility statement" in html


def test_allauth_field_errors_are_bootstrap_italia_invalid_feedback(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": "x", "password2": "y"},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert response.status_code == 200
    tags = _tags(response.content.decode())
    (email,) = tags.find("input", name="email")
    assert "is-invalid" in email["class"].split()
    assert email["aria-invalid"] == "true"
    described_by = email["aria-describedby"].split()
    error_ids = [i for i in described_by if tags.find("div", id=i, **{"class": "invalid-feedback"})]
    assert error_ids, described_by
    # The page is still the portal's: layout and one heading.
    assert tags.find("main", id="main-content")
    assert len(tags.find("h1")) == 1


def test_missing_page_is_the_branded_404_in_italian(client):
    response = _get(client, "/questa-pagina-non-esiste/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert re.search(r"<h1[^>]*>\s*Pagina non trovata\s*</h1>", html)
    assert "Vai al contenuto principale" in html
    assert "Torna alla pagina iniziale" in html
    assert settings.TAVOLO_MUNICIPALITY in html


def test_500_page_renders_without_a_request_or_context_processors():
    with translation.override("it"):
        html = loader.get_template("500.html").render()

    tags = _tags(html)
    assert '<html lang="it">' in html
    assert re.search(r"<h1[^>]*>\s*Si è verificato un errore\s*</h1>", html)
    assert settings.TAVOLO_MUNICIPALITY in html
    assert "Tavolo delle Risorse" in html
    assert tags.find("a", href=reverse("home"))
    assert tags.find("a", href=reverse("accessibility"))
    # No nonce to give without a request: scripts are same-origin files, allowed by 'self'.
    assert all(not script.get("nonce") for script in tags.find("script"))


def test_server_error_handler_answers_500_with_the_branded_page():
    with translation.override("it"):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Si è verificato un errore" in response.content.decode()


MENU = ["/regolamento/", "/organizzazioni/", "/servizi/", "/incontri/", "/formazione/", "/decisioni/"]
MENU += ["/relazioni/", "/aderisci/"]
MENU_IT = ["Regolamento", "Organizzazioni", "Servizi comunali", "Incontri", "Formazione", "Decisioni"]
MENU_IT += ["Documenti di sintesi", "Aderisci al Tavolo"]
MENU_EN = ["Rules", "Organisations", "Municipal services", "Meetings", "Training", "Decisions"]
MENU_EN += ["Annual reports", "Join the table"]
_MENU_LINK = re.compile(
    r'<a class="nav-link( active)?" href="([^"]+)"(?: aria-current="page")?><span>([^<]+)</span>'
)


def _menu(response) -> list[tuple[bool, str, str]]:
    return [(bool(active), href, label) for active, href, label in _MENU_LINK.findall(response.text)]


def test_the_menu_follows_the_language_switch_both_ways_and_marks_the_page_it_is_on(client):
    """The menu's links and labels are computed once per language (core.layout): each request still
    gets its language's labels, and the page it is on is the one marked current."""
    italian = [(False, href, label) for href, label in zip(MENU, MENU_IT, strict=True)]
    assert _menu(client.get("/accessibilita/")) == italian
    on_the_rules = _menu(client.get("/regolamento/"))
    assert on_the_rules[0] == (True, "/regolamento/", "Regolamento") and on_the_rules[1:] == italian[1:]

    client.get(reverse("language_switch", args=["en"]), {"next": "/"})
    english = client.get("/accessibilita/")
    assert _menu(english) == [(False, href, label) for href, label in zip(MENU, MENU_EN, strict=True)]
    # The header's links to the two languages and the footer's links are the same in English.
    assert 'href="/lingua/it/?next=/accessibilita/"' in english.text
    assert 'href="/lingua/en/?next=/accessibilita/"' in english.text
    assert '<a href="/accessibilita/#feedback">Report an accessibility problem</a>' in english.text

    client.get(reverse("language_switch", args=["it"]), {"next": "/"})
    back = client.get("/incontri/")
    assert _menu(back) == [
        (href == "/incontri/", href, label) for href, label in zip(MENU, MENU_IT, strict=True)
    ]
    assert '<a href="/accessibilita/#feedback">Segnala un problema di accessibilità</a>' in back.text


def test_the_layout_links_follow_the_script_prefix():
    """A portal served under a prefix (SCRIPT_NAME) gets prefixed links; without it, plain ones."""
    from django.urls import get_script_prefix, set_script_prefix

    from core.layout import layout_static, layout_url
    from tavolo.context_processors import _nav_items

    before = get_script_prefix()
    translation.activate("it")
    try:
        set_script_prefix("/portale/")
        assert [item.url for item in _nav_items("/portale/incontri/")] == ["/portale" + p for p in MENU]
        assert [item.active for item in _nav_items("/portale/incontri/")] == [p == "/incontri/" for p in MENU]
        assert layout_url("language_switch", "en") == "/portale/lingua/en/"
        set_script_prefix("/")
        assert [item.url for item in _nav_items("/")] == MENU
        assert layout_url("language_switch", "en") == "/lingua/en/"
        # The layout's static files keep the storage's URL (no hashed names in the tests' storage).
        assert layout_static("css/tavolo.css") == "/static/css/tavolo.css"
    finally:
        set_script_prefix(before)
        translation.deactivate()
