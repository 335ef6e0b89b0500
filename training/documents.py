"""Generated documents of a session: the certificate and the attendance register (PDF, WeasyPrint),
and the participants' list (CSV, XLSX)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf_template
from core.spreadsheets import DATETIME, HOURS, INTEGER, Column, csv_text, xlsx_bytes
from training.models import Certificate, Registration, TrainingSession
from training.selectors import HoursAttended


def certificate_pdf(certificate: Certificate) -> bytes:
    """A4 certificate of attendance: name, course, dates, hours, issuing office, verification code."""
    registration = certificate.registration
    session = registration.session
    lessons = list(session.lessons.all())
    return render_pdf_template(
        "training/pdf/certificate.html",
        {
            "certificate": certificate,
            "registration": registration,
            "session": session,
            "first_day": lessons[0].starts_at if lessons else None,
            "last_day": lessons[-1].starts_at if lessons else None,
            "lesson_count": len(lessons),
            "verify_url": f"{settings.SITE_URL}{certificate.get_verify_url()}",
        },
    )


def attendance_register_pdf(session: TrainingSession, registrations: list[Registration]) -> bytes:
    """The paper register: participants x lessons with a signature box per lesson."""
    lessons = list(session.lessons.all())
    return render_pdf_template(
        "training/pdf/register.html",
        {
            "session": session,
            "lessons": lessons,
            "registrations": registrations,
            "printed_at": timezone.now(),
        },
    )


def _columns(hours: HoursAttended) -> list[Column]:
    return [
        Column(_("Position"), 8, INTEGER),
        Column(_("Last name"), 20),
        Column(_("First name"), 20),
        Column(_("E-mail"), 32),
        Column(_("Role"), 20),
        Column(_("Organisation"), 32),
        Column(_("Status"), 22),
        Column(_("Registered on"), 18, DATETIME),
        Column(_("Hours attended"), 12, HOURS),
        Column(_("Lessons without a register yet"), 14, INTEGER),
        Column(_("Certificate"), 14),
    ]


def _rows(registrations: list[Registration], hours: HoursAttended) -> list[list[object]]:
    missing = len(hours.lessons_without_register)
    rows = []
    for number, registration in enumerate(registrations, start=1):
        certificate = getattr(registration, "certificate", None)
        rows.append(
            [
                number,
                registration.last_name,
                registration.first_name,
                registration.email,
                registration.role,
                registration.organisation_label,
                registration.get_status_display(),
                registration.created_at,
                hours.of(registration),
                missing,
                certificate.code if certificate else "",
            ]
        )
    return rows


def participants_csv(registrations: list[Registration], hours: HoursAttended) -> str:
    return csv_text(columns=_columns(hours), rows=_rows(registrations, hours))


def participants_xlsx(registrations: list[Registration], hours: HoursAttended) -> bytes:
    return xlsx_bytes(title=_("Participants"), columns=_columns(hours), rows=_rows(registrations, hours))
