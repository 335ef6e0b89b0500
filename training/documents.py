"""Generated documents of a session: the certificate and the attendance register (PDF, WeasyPrint),
and the participants' list (CSV, XLSX)."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.pdf import render_pdf_template
from core.spreadsheets import csv_cell, xlsx_append
from training.models import Certificate, Registration, TrainingSession


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


def _rows(registrations: list[Registration]) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Position"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Role"),
        _("Organisation"),
        _("Status"),
        _("Registered on"),
        _("Certificate"),
    ]
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
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                certificate.code if certificate else "",
            ]
        )
    return header, rows


def participants_csv(registrations: list[Registration]) -> str:
    header, rows = _rows(registrations)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens accented names correctly


def participants_xlsx(session: TrainingSession, registrations: list[Registration]) -> bytes:
    header, rows = _rows(registrations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    for column, width in zip("ABCDEFGHI", (8, 20, 20, 32, 20, 32, 22, 18, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
