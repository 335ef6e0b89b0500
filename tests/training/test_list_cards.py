"""The cards of /formazione/, written by a template tag in one pass: the lessons' number and hours from
one query, the places left, the status; a change shows on the next request (answers by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory
from training import selectors
from training.models import SessionStatus

pytestmark = pytest.mark.django_db


def _card(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</article>", start)]


def test_lesson_totals_count_each_lesson_to_the_hundredth():
    session = TrainingSessionFactory(lessons=0)
    start = timezone.now() + dt.timedelta(days=10)
    LessonFactory(session=session, starts_at=start, ends_at=start + dt.timedelta(minutes=20))
    LessonFactory(
        session=session, starts_at=start + dt.timedelta(days=1), ends_at=start + dt.timedelta(days=1, hours=2)
    )
    empty = TrainingSessionFactory(lessons=0)
    selectors.with_lesson_totals([session, empty])
    # 20 minutes are 0.33 hours, 2 hours 2.00: 2.33 (each lesson rounded, as Lesson.hours)
    assert (session.lesson_count, session.lesson_hours) == (2, Decimal("2.33"))
    assert (empty.lesson_count, empty.lesson_hours) == (0, Decimal("0"))


def test_card_shows_lessons_hours_status_and_places(client):
    session = TrainingSessionFactory(title="Corso <pieno> & co", capacity=2, lessons=2)
    RegistrationFactory.create_batch(2, session=session)
    TrainingSessionFactory(title="Corso con posti", capacity=5, lessons=1)
    page = client.get(reverse("training:list")).content.decode()
    full = _card(page, "Corso &lt;pieno&gt; &amp; co")
    assert f'<a href="/formazione/{session.pk}/">Corso &lt;pieno&gt; &amp; co</a>' in page
    assert "· 2 lezioni" in full and "· 6 ore" in full  # two lessons of three hours
    assert '<span class="badge bg-success">Iscrizioni aperte</span>' in full
    assert "Completo: le nuove iscrizioni vanno in lista d'attesa" in full
    assert "5 posti disponibili su 5" in _card(page, "Corso con posti")
    assert "· 1 lezione" in _card(page, "Corso con posti")


def test_card_without_lessons_and_past_card_without_places(client):
    TrainingSessionFactory(title="Corso senza date", lessons=0)
    past = TrainingSessionFactory(title="Corso concluso", status=SessionStatus.HELD, lessons=0)
    LessonFactory(session=past, starts_at=timezone.now() - dt.timedelta(days=40))
    page = client.get(reverse("training:list")).content.decode()
    assert "Date da definire" in _card(page, "Corso senza date")
    assert "· 0 lezioni" in _card(page, "Corso senza date")
    assert "posti disponibili" not in _card(page, "Corso concluso")


def test_a_change_shows_on_the_next_request(client):
    session = TrainingSessionFactory(title="Corso da cambiare", capacity=3, lessons=1)
    assert "3 posti disponibili su 3" in client.get(reverse("training:list")).content.decode()
    RegistrationFactory(session=session)
    LessonFactory(session=session, starts_at=timezone.now() + dt.timedelta(days=60))
    card = _card(client.get(reverse("training:list")).content.decode(), "Corso da cambiare")
    assert "2 posti disponibili su 3" in card and "· 2 lezioni" in card and "· 6 ore" in card
