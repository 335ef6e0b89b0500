"""Control characters typed (or posted) into a form never reach the exports, calendars or e-mails."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import TrainingSessionFactory
from training.models import Registration, TrainingSession

pytestmark = pytest.mark.django_db

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_a_participant_name_with_control_characters_exports_cleanly(org_rep_client, rep_org, staff_client):
    session = TrainingSessionFactory()
    response = org_rep_client.post(
        reverse("training:register_people", args=[session.pk]),
        {
            "organisation": rep_org.pk,
            "people-TOTAL_FORMS": "1",
            "people-INITIAL_FORMS": "0",
            "people-0-first_name": "An\x07na\x1b",
            "people-0-last_name": "Ros\x1fsi\x0b",
            "people-0-email": "anna@example.org",
            "people-0-role": "Educatrice\r\nBcc: x@example.org",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.first_name, registration.last_name) == ("Anna", "Rossi")
    assert registration.role == "Educatrice Bcc: x@example.org"

    xlsx = staff_client.get(reverse("training:export_xlsx", args=[session.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert (sheet["B2"].value, sheet["C2"].value) == ("Rossi", "Anna")
    text = staff_client.get(reverse("training:export_csv", args=[session.pk])).content.decode("utf-8-sig")
    assert not CONTROL.search(text.replace("\r\n", ""))
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][1:3] == ["Rossi", "Anna"]


def test_a_newline_posted_in_a_title_becomes_a_space(
    staff_client, org_rep_client, rep_org, django_capture_on_commit_callbacks
):
    response = staff_client.post(
        reverse("training:session_create"),
        {
            "title": "Corso\r\nsulla rete\x07",
            "description": "Prima riga.\r\nSeconda riga.\x08",
            "trainers": "Paola Zanni\r\nLuca Bianchi",
            "capacity": "16",
            "registration_opens_at": "2026-01-01T09:00",
            "registration_closes_at": "2099-12-20T09:00",
            "audience": "members",
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.title == "Corso sulla rete"
    assert session.description == "Prima riga.\nSeconda riga."  # a text area keeps its lines
    staff_client.post(
        reverse("training:lesson_create", args=[session.pk]),
        {"starts_at": "2099-01-10T09:00", "ends_at": "2099-01-10T13:00", "place": "Magazzini\ndel Sale"},
    )
    staff_client.post(reverse("training:session_status", args=[session.pk]), {"to_status": "open"})

    ics = staff_client.get(reverse("training:ics", args=[session.pk]))
    assert ics.status_code == 200
    assert "SUMMARY:Corso sulla rete" in ics.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = org_rep_client.post(
            reverse("training:register_people", args=[session.pk]),
            {
                "organisation": rep_org.pk,
                "people-TOTAL_FORMS": "1",
                "people-INITIAL_FORMS": "0",
                "people-0-first_name": "Anna",
                "people-0-last_name": "Rossi",
                "people-0-email": "anna@example.org",
            },
        )
    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"
    [confirmation] = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert "Corso sulla rete" in confirmation.subject
