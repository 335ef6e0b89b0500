"""No database message reaches a user: a broken constraint is told on its field, in Italian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from training.models import TrainingSession

pytestmark = pytest.mark.django_db


def _session_data(**overrides):
    return {
        "title": "Primo soccorso psicologico per volontari",
        "description": "Ascolto attivo e gestione delle crisi.",
        "trainers": "Dott.ssa Paola Zanni",
        "capacity": "16",
        "registration_opens_at": "2026-11-20T09:00",
        "registration_closes_at": "2026-12-20T09:00",
        "audience": "members",
    } | overrides


def test_capacity_zero_is_told_on_the_capacity_field(staff_client):
    response = staff_client.post(reverse("training:session_create"), _session_data(capacity="0"))
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "vincolo" not in page.lower()
    assert 'id="error_1_id_capacity"' in page
    assert 'value="Primo soccorso psicologico per volontari"' in page
    assert not TrainingSession.objects.exists()


def test_a_registration_window_closing_before_it_opens_is_told_on_its_field(staff_client):
    response = staff_client.post(
        reverse("training:session_create"),
        _session_data(registration_opens_at="2026-12-20T09:00", registration_closes_at="2026-11-20T09:00"),
    )
    page = response.content.decode()
    assert "vincolo" not in page.lower()
    assert 'id="error_1_id_registration_closes_at"' in page
    assert "La chiusura delle iscrizioni deve essere successiva all&#x27;apertura." in page
    assert not TrainingSession.objects.exists()


def test_a_lesson_dated_in_the_past_needs_a_confirmation(staff_client):
    from tests.factories import TrainingSessionFactory
    from training.models import Lesson

    session = TrainingSessionFactory(lessons=0, status="draft")
    url = reverse("training:lesson_create", args=[session.pk])
    data = {"starts_at": "2020-01-10T09:00", "ends_at": "2020-01-10T13:00", "place": "Magazzini del Sale"}
    page = staff_client.post(url, data).content.decode()
    assert "Questa data è passata." in page
    assert 'type="checkbox" name="confirm_past"' in page
    assert 'value="Magazzini del Sale"' in page
    assert not Lesson.objects.filter(session=session).exists()
    staff_client.post(url, data | {"confirm_past": "on"})
    assert Lesson.objects.filter(session=session).count() == 1
