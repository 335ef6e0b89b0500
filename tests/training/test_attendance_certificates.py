"""Attendance, the certificate threshold, the PDF text, verification, feedback, reminders, year figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory
from training import selectors, services
from training.documents import certificate_pdf
from training.models import Certificate, Feedback, LessonAttendance, SessionStatus
from training.services import TrainingError

pytestmark = pytest.mark.django_db


def _held_session(hours: list[float], **kwargs):
    """A held session whose lessons (of the given hours) took place last month."""
    session = TrainingSessionFactory(status=SessionStatus.HELD, lessons=0, **kwargs)
    start = timezone.now() - dt.timedelta(days=40)
    lessons = [
        LessonFactory(
            session=session,
            starts_at=start + dt.timedelta(days=i),
            ends_at=start + dt.timedelta(days=i, hours=h),
        )
        for i, h in enumerate(hours)
    ]
    return session, lessons


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_certificate_threshold_74_percent_no_75_percent_yes(staff):
    # 100 hours in lessons of 1 hour: 74 attended is not enough, 75 is.
    session, lessons = _held_session([25, 25, 24, 1, 25])
    below = RegistrationFactory(session=session, first_name="Sotto")
    exact = RegistrationFactory(session=session, first_name="Esatta")
    present = {(below.pk, lessons[i].pk) for i in (0, 1, 2)}  # 74 h
    present |= {(exact.pk, lessons[i].pk) for i in (0, 1, 2, 3)}  # 75 h
    services.attendance_record(session=session, present=present, by=staff)

    issued = services.certificates_issue(session=session, by=staff)

    assert [c.registration for c in issued] == [exact]
    assert issued[0].hours_attended == Decimal("75.00") and issued[0].total_hours == Decimal("100.00")
    assert not Certificate.objects.filter(registration=below).exists()
    # issuing again adds nothing
    assert services.certificates_issue(session=session, by=staff) == []


def test_certificates_only_once_the_session_is_held(staff):
    registration = RegistrationFactory()
    with pytest.raises(TrainingError, match="svolto"):
        services.certificates_issue(session=registration.session, by=staff)


def test_certificate_pdf_carries_name_course_hours_office_and_code(staff, settings):
    session, lessons = _held_session([3, 3], title="Primo soccorso psicologico per volontari")
    registration = RegistrationFactory(session=session, first_name="Giulia", last_name="Casadei")
    services.attendance_record(session=session, present={(registration.pk, lessons[0].pk)}, by=staff)
    settings.TAVOLO_CERTIFICATE_MIN_ATTENDANCE = 50
    (certificate,) = services.certificates_issue(session=session, by=staff)

    text = _pdf_text(certificate_pdf(certificate))

    assert "Giulia Casadei" in text
    assert "Primo soccorso psicologico per volontari" in text
    assert "3 ore su 6" in text
    assert settings.TAVOLO_OFFICE in text and settings.TAVOLO_MUNICIPALITY in text
    assert certificate.formatted_code in text
    assert f"/formazione/attestati/{certificate.code}/" in text.replace("\n", "")


def test_verification_page_confirms_a_genuine_code_and_rejects_an_unknown_one(client, staff):
    session, lessons = _held_session([2])
    registration = RegistrationFactory(session=session, first_name="Marta", last_name="Neri")
    services.attendance_record(session=session, present={(registration.pk, lessons[0].pk)}, by=staff)
    (certificate,) = services.certificates_issue(session=session, by=staff)

    response = client.get(reverse("training:certificate_verify", args=[certificate.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "L'attestato è autentico" in page and "Marta Neri" in page and session.title in page

    # typed by hand: lower case, dash, O for zero
    typed = certificate.formatted_code.lower().replace("0", "o")
    response = client.get(reverse("training:certificate_lookup"), {"code": typed})
    assert response.status_code == 302 and response.url.endswith(f"/{certificate.code}/")

    response = client.get(reverse("training:certificate_verify", args=["ZZZZZZZZZZ"]))
    assert response.status_code == 404
    assert "non corrisponde ad alcun attestato" in response.content.decode()


def test_participant_downloads_certificate_and_leaves_feedback_through_the_link(client, staff):
    session, lessons = _held_session([2])
    registration = RegistrationFactory(session=session)
    services.attendance_record(session=session, present={(registration.pk, lessons[0].pk)}, by=staff)
    services.certificates_issue(session=session, by=staff)
    base = reverse("training:participant", args=[registration.token])

    pdf = client.get(reverse("training:participant_certificate", args=[registration.token]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    response = client.post(base + "valutazione/", {"rating": "4", "comment": "Utile e concreto"})
    assert response.status_code == 302
    response = client.post(base + "valutazione/", {"rating": "5", "comment": ""})
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (5, "")
    assert client.post(base + "valutazione/", {"rating": "9"}).status_code == 400
    assert selectors.feedback_summary(session)["average"] == 5
    assert client.get(reverse("training:participant", args=["not-a-token"])).status_code == 404


def test_attendance_grid_page_records_presence(staff_client, staff):
    session, lessons = _held_session([2, 2])
    registration = RegistrationFactory(session=session)
    url = reverse("training:attendance", args=[session.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"present": [f"{registration.pk}-{lessons[1].pk}", "junk", "1-x"]})
    assert response.status_code == 302
    assert set(LessonAttendance.objects.values_list("lesson_id", "present")) == {
        (lessons[0].pk, False),
        (lessons[1].pk, True),
    }


def test_reminder_two_days_before_is_sent_once(django_capture_on_commit_callbacks):
    soon = TrainingSessionFactory(lessons=0)
    LessonFactory(session=soon, starts_at=timezone.now() + dt.timedelta(days=1, hours=20))
    later = TrainingSessionFactory(lessons=0)
    LessonFactory(session=later, starts_at=timezone.now() + dt.timedelta(days=5))
    due = RegistrationFactory(session=soon, email="presto@example.org")
    RegistrationFactory(session=later, email="dopo@example.org")
    RegistrationFactory(session=soon, status="waiting", email="attesa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [["presto@example.org"]]
    assert "Promemoria" in mail.outbox[0].subject
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_year_figures_split_a_course_across_the_new_year(staff):
    tz = timezone.get_current_timezone()
    session = TrainingSessionFactory(status=SessionStatus.HELD, lessons=0, title="Fundraising")
    december = LessonFactory(
        session=session,
        starts_at=dt.datetime(2025, 12, 17, 17, tzinfo=tz),
        ends_at=dt.datetime(2025, 12, 17, 20, tzinfo=tz),
    )
    january = LessonFactory(
        session=session,
        starts_at=dt.datetime(2026, 1, 14, 17, tzinfo=tz),
        ends_at=dt.datetime(2026, 1, 14, 19, tzinfo=tz),
    )
    a, b = RegistrationFactory(session=session), RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="cancelled")
    services.attendance_record(
        session=session, present={(a.pk, december.pk), (a.pk, january.pk), (b.pk, december.pk)}, by=staff
    )
    Feedback.objects.create(registration=a, rating=4)
    Feedback.objects.create(registration=b, rating=5)
    cancelled = TrainingSessionFactory(status=SessionStatus.CANCELLED, lessons=0)
    LessonFactory(session=cancelled, starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=tz))

    y2025, y2026 = selectors.year_figures(2025), selectors.year_figures(2026)

    assert y2025["hours"] == 3.0 and y2026["hours"] == 2.0
    assert y2025["sessions"] == y2026["sessions"] == 1
    # Two confirmed registrations of two people (the cancelled one is not counted).
    assert (y2025["registrations"], y2025["people"]) == (2, 2)
    # Hours over hours: 2025, 3 h x 2 people scheduled, 6 attended; 2026, 2 h x 2 scheduled, 2 attended.
    assert (y2025["hours_scheduled"], y2025["hours_attended"], y2025["attendance_rate"]) == (6.0, 6.0, 100.0)
    assert (y2026["hours_scheduled"], y2026["hours_attended"], y2026["attendance_rate"]) == (4.0, 2.0, 50.0)
    assert y2026["sessions_list"] == [
        {
            "title": "Fundraising",
            "first_lesson": "2026-01-14",
            "hours": 2.0,
            "registrations": 2,
            "attended": 1,
            "lessons_without_register": 0,
        }
    ]
    assert y2025["lessons_without_register"] == [] and y2025["sessions_not_yet_held"] == []
    assert y2025["average_rating"] == 4.5 and y2025["ratings"] == 2
    empty = selectors.year_figures(2019)
    assert empty["attendance_rate"] is None and empty["average_rating"] is None and empty["sessions"] == 0
