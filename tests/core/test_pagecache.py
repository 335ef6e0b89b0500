"""Public pages for anonymous visitors come from the cache, and never stale (core.pagecache).

A change made through a service is seen on the very next anonymous request; signed-in visitors, pages
with messages and pages with a CSRF form are never kept; a kept page sets no cookie and does not vary
on Cookie; the language is part of the key.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from core.pagecache import current_version, pages_changed
from meetings.services import agenda_item_move
from members.models import OrganisationStatus
from members.services import organisation_approve
from tests.factories import AgendaItemFactory, MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"


def _page(client: Client, url: str) -> tuple[str, str | None]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), response.headers.get(CACHE)


@pytest.mark.parametrize("url", ["/", "/organizzazioni/", "/incontri/", "/formazione/", "/relazioni/"])
def test_a_public_page_sets_no_cookie_does_not_vary_on_cookie_and_is_served_again(url):
    client = Client()

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert not first.cookies and not second.cookies
    assert "cookie" not in first.headers.get("Vary", "").lower()
    assert "cookie" not in second.headers.get("Vary", "").lower()
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["Content-Language"] == "it"
    assert second.headers["X-Frame-Options"] == "DENY"


def test_an_approval_through_the_service_shows_in_the_directory_on_the_next_request(staff):
    client = Client()
    applicant = OrganisationFactory(name="Cooperativa Nuova Alba", status=OrganisationStatus.PENDING)
    before, _ = _page(client, "/organizzazioni/")
    assert "Cooperativa Nuova Alba" not in before
    assert _page(client, "/organizzazioni/")[1] == "hit"

    organisation_approve(organisation=applicant, by=staff)

    after, source = _page(client, "/organizzazioni/")
    assert source == "miss"
    assert "Cooperativa Nuova Alba" in after


def test_a_change_written_without_signals_is_seen_on_the_next_request(staff):
    # agenda_item_move swaps positions with QuerySet.update: no post_save, the service says it.
    meeting = MeetingFactory(status="convened")
    AgendaItemFactory(meeting=meeting, position=1, title="Bilancio sociale")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Centri estivi")
    url = reverse("meetings:detail", args=[meeting.pk])
    before, _ = _page(Client(), url)
    assert before.index("Bilancio sociale") < before.index("Centri estivi")

    agenda_item_move(item=second, by=staff, direction="up")

    after, source = _page(Client(), url)
    assert source == "miss"
    assert after.index("Centri estivi") < after.index("Bilancio sociale")


def test_the_version_changes_at_once_and_again_once_on_commit(django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks() as callbacks:
        pages_changed()
        at_once = current_version()
        pages_changed()
    assert at_once != before
    assert len(callbacks) == 1  # one bump on commit per transaction, however many writes
    callbacks[0]()
    assert current_version() not in {before, at_once}


def test_a_signed_in_visitor_never_gets_the_kept_page_and_never_fills_it(org_rep_client):
    anonymous = Client()
    _page(anonymous, "/")

    signed_in, source = _page(org_rep_client, "/")
    assert source is None
    assert "Esci" in signed_in

    anonymous_again, source = _page(anonymous, "/")
    assert source == "hit"
    assert "Esci" not in anonymous_again


def test_a_page_seen_first_by_a_signed_in_visitor_is_not_kept_for_anonymous_ones(org_rep_client):
    _page(org_rep_client, "/regolamento/")

    page, source = _page(Client(), "/regolamento/")
    assert source == "miss"
    assert "Esci" not in page


def _with_message(client: Client, text: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


def test_a_page_with_messages_is_never_served_from_nor_kept_in_the_cache():
    _page(Client(), "/")  # kept, without the message

    client = Client()
    _with_message(client, "Domanda di adesione inviata")
    with_message = client.get("/")
    assert "Domanda di adesione inviata" in with_message.content.decode()
    assert CACHE not in with_message.headers

    # The kept page is still the one without the message.
    page, source = _page(Client(), "/")
    assert source == "hit"
    assert "Domanda di adesione inviata" not in page


def test_a_page_with_a_csrf_form_is_never_kept(settings):
    # Even if the join form were listed, its CSRF cookie keeps it out of the cache.
    settings.TAVOLO_PAGE_CACHE_VIEWS = settings.TAVOLO_PAGE_CACHE_VIEWS | {"members:join"}
    client = Client()
    first = client.get(reverse("members:join"))
    second = Client().get(reverse("members:join"))
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert CACHE not in first.headers and CACHE not in second.headers
    assert "cookie" in first.headers["Vary"].lower()


def test_the_language_is_part_of_the_key():
    italian = Client()
    english = Client()
    english.get(reverse("language_switch", args=["en"]))
    _page(italian, "/organizzazioni/")

    page, source = _page(english, "/organizzazioni/")
    assert source == "miss"
    assert '<html lang="en">' in page
    page, source = _page(italian, "/organizzazioni/")
    assert source == "hit"
    assert '<html lang="it">' in page


def test_the_time_limit_zero_turns_the_cache_off(settings):
    settings.TAVOLO_PAGE_CACHE_SECONDS = 0
    client = Client()
    client.get("/")
    response = client.get("/")
    assert CACHE not in response.headers


def test_the_language_switch_is_a_link_that_sets_the_cookie_and_goes_back():
    client = Client()
    response = client.get(reverse("language_switch", args=["en"]) + "?next=/organizzazioni/%3Fq%3Dcasa")
    assert response.status_code == 302
    assert response["Location"] == "/organizzazioni/?q=casa"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_language_switch_goes_back_only_to_this_site(target):
    response = Client().get(reverse("language_switch", args=["en"]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_language_switch_knows_only_the_portal_languages():
    response = Client().get(reverse("language_switch", args=["de"]))
    assert response.status_code == 404
    assert not response.cookies.get("django_language")
