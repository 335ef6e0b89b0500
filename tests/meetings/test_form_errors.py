"""Bad input keeps what was typed and names the field at fault; no database text reaches the user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import AgendaItem
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_adding_an_item_with_a_negative_duration_keeps_what_was_typed(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {
            "title": "Centri estivi 2027",
            "description": "Posti e tariffe per l'estate.",
            "expected_minutes": "-5",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Centri estivi 2027"' in page
    assert "Posti e tariffe per l&#x27;estate." in page
    assert "Assicurati che questo valore sia maggiore o uguale a 0." in page
    assert "indica un titolo" not in page
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_adding_an_item_without_a_title_names_the_title(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        reverse("meetings:item_add", args=[meeting.pk]), {"title": "", "expected_minutes": "20"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Questo campo è obbligatorio." in page
    assert 'value="20"' in page
