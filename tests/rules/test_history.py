"""One history: the minutes' moves are rows like every other status change, and nothing that has a
history can be deleted, neither in the admin nor by a stray delete in code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingStatusChange, MinutesStatusChange
from members.models import MembershipEvent
from tests.factories import AgendaItemFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.meetings.helpers import past_meeting
from training.models import RegistrationEvent

pytestmark = pytest.mark.django_db


def test_minutes_moving_from_draft_to_comments_to_approval_write_history_rows(staff_client, staff):
    meeting = past_meeting(title="Plenaria di ottobre")
    item = AgendaItemFactory(meeting=meeting)
    staff_client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"general_notes": "Presenti 14 organizzazioni.", f"outcome_{item.pk}": "Si avvia un tavolo."},
    )
    until = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    staff_client.post(reverse("meetings:minutes_open", args=[meeting.pk]), {"comments_until": until})
    staff_client.post(reverse("meetings:minutes_close", args=[meeting.pk]))
    staff_client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    rows = [
        (row.from_status, row.to_status, row.by.email)
        for row in MinutesStatusChange.objects.order_by("at", "pk")
    ]
    assert rows == [
        ("", "draft", "segreteria@example.it"),
        ("draft", "open_for_comments", "segreteria@example.it"),
        ("open_for_comments", "open_for_comments", "segreteria@example.it"),
        ("open_for_comments", "approved", "segreteria@example.it"),
    ]
    page = staff_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Approva il verbale" not in page and "Salva il verbale" not in page


def test_every_history_has_the_same_names():
    for model in (MembershipEvent, RegistrationEvent, MeetingStatusChange, MinutesStatusChange):
        names = {field.name for field in model._meta.get_fields()}
        assert {"at", "by", "reason", "from_status", "to_status"} <= names, model


def test_a_meeting_with_history_is_never_deleted(client):
    admin = UserFactory(email="root@example.it", is_staff=True, is_superuser=True)
    client.force_login(admin)
    meeting = MeetingFactory(title="Plenaria da conservare")
    MeetingStatusChange.objects.create(meeting=meeting, from_status="", to_status="draft")
    response = client.get(reverse("admin:meetings_meeting_delete", args=[meeting.pk]))
    assert response.status_code == 403
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert reverse("admin:meetings_meeting_delete", args=[meeting.pk]) not in page
    with pytest.raises(ProtectedError):
        meeting.delete()
    with pytest.raises(ProtectedError):
        OrganisationFactory().delete()
