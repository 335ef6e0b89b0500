"""Every PDF the portal produces is tagged PDF/UA, in Titillium, with title, language and scoped
table headers: read back through the pages that serve them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import MeetingStatus
from tests.factories import LessonFactory, OrganisationFactory, RegistrationFactory, TrainingSessionFactory
from tests.meetings.helpers import past_meeting
from tests.pdf_checks import assert_accessible_pdf
from training import services
from training.models import SessionStatus

pytestmark = pytest.mark.django_db


def _held_session_with_certificate(staff):
    session = TrainingSessionFactory(status=SessionStatus.HELD, lessons=0, title="Ascolto attivo")
    start = timezone.now() - dt.timedelta(days=30)
    lesson = LessonFactory(session=session, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    registration = RegistrationFactory(session=session, first_name="Giulia", last_name="Casadei")
    services.attendance_record(session=session, present={(registration.pk, lesson.pk)}, by=staff)
    services.certificates_issue(session=session, by=staff)
    return session, registration


def test_training_certificate_is_tagged(client, staff):
    _, registration = _held_session_with_certificate(staff)
    response = client.get(f"/formazione/iscrizione/{registration.token}/attestato.pdf")
    assert response.status_code == 200
    assert_accessible_pdf(response.content, title="Attestato di frequenza - Giulia Casadei")


def test_attendance_register_is_tagged_with_scoped_headers(staff_client, staff):
    session, _ = _held_session_with_certificate(staff)
    response = staff_client.get(f"/area-riservata/formazione/{session.pk}/registro.pdf")
    assert response.status_code == 200
    report = assert_accessible_pdf(response.content, title="Registro delle presenze - Ascolto attivo")
    assert report["header_cells"] >= 3


def test_meeting_attendance_sheet_is_tagged_with_scoped_headers(staff_client):
    meeting = past_meeting(
        status=MeetingStatus.CONVENED,
        organisations=[OrganisationFactory(name="Associazione Alfa")],
        title="Seduta plenaria",
    )
    response = staff_client.get(f"/area-riservata/incontri/{meeting.pk}/foglio-presenze.pdf")
    assert response.status_code == 200
    report = assert_accessible_pdf(response.content, title="Foglio presenze – Seduta plenaria")
    assert report["header_cells"] == 4
