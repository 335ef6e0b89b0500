"""The two lists of /formazione/ are kept rendered (core.fragments) for every visitor: a write shows on
the next request, and so does the clock opening or closing registrations or ending a session's last
lesson; pages are kept apart. The anonymous page cache is off here: the view runs on every request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

import core.pagecache
from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory
from training.models import SessionStatus
from training.views.public import PAST_PER_PAGE

pytestmark = pytest.mark.django_db

URL = reverse("training:list")


@pytest.fixture(autouse=True)
def cold(monkeypatch):
    monkeypatch.setattr(core.pagecache, "_may_serve", lambda request: False)
    monkeypatch.setattr(core.pagecache, "_may_store", lambda request, response: False)


def _upcoming_and_past(page: str) -> tuple[str, str]:
    return tuple(page.split('id="past-title"'))


def test_the_lists_are_kept_and_a_registration_shows_on_the_next_request(client, django_assert_num_queries):
    session = TrainingSessionFactory(title="Il bilancio sociale", capacity=5)
    RegistrationFactory(session=session)
    first = client.get(URL).content.decode()
    assert "4 posti disponibili su 5" in first
    with django_assert_num_queries(0):
        assert client.get(URL).content.decode() == first
    RegistrationFactory(session=session)
    assert "3 posti disponibili su 5" in client.get(URL).content.decode()


def test_the_clock_closes_and_opens_registrations_without_a_write(client, monkeypatch):
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    TrainingSessionFactory(title="Corso che chiude presto", registration_closes_at=now + hour)
    TrainingSessionFactory(title="Corso che apre tra poco", registration_opens_at=now + hour)
    for _visit in range(2):  # the second one from the kept lists
        page = client.get(URL).content.decode()
        assert page.count("Iscrizioni aperte") == 1
        assert page.count("Iscrizioni non ancora aperte") == 1
        assert "Iscrizioni chiuse" not in page
    monkeypatch.setattr(timezone, "now", lambda: now + 2 * hour)  # only the clock moves
    page = client.get(URL).content.decode()
    assert page.count("Iscrizioni aperte") == 1  # the one that opened
    assert "Iscrizioni non ancora aperte" not in page
    assert page.count("Iscrizioni chiuse") == 1  # the one that closed


def test_a_session_moves_to_the_past_when_its_last_lesson_ends(client, monkeypatch):
    now = timezone.now()
    session = TrainingSessionFactory(title="Corso di oggi", status=SessionStatus.CLOSED, lessons=0)
    LessonFactory(session=session, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1))
    for _visit in range(2):
        upcoming, past = _upcoming_and_past(client.get(URL).content.decode())
        assert "Corso di oggi" in upcoming and "Corso di oggi" not in past
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=2))
    upcoming, past = _upcoming_and_past(client.get(URL).content.decode())
    assert "Corso di oggi" not in upcoming and "Corso di oggi" in past


def test_each_page_of_the_past_sessions_is_kept_apart(client):
    for n in range(PAST_PER_PAGE + 1):
        session = TrainingSessionFactory(title=f"Corso numero {n:02d}", status=SessionStatus.HELD, lessons=0)
        LessonFactory(session=session, starts_at=timezone.now() - dt.timedelta(days=100 - n))
    for _visit in range(2):
        first = client.get(URL).content.decode()
        second = client.get(URL, {"page": 2}).content.decode()
        last = client.get(URL, {"page": 99}).content.decode()  # the paginator's last page
        assert "Corso numero 12" in first and "Corso numero 00" not in first
        assert "Corso numero 00" in second and "Corso numero 12" not in second
        assert "Pagina 2 di 2" in second and "Pagina 2 di 2" in last
