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
