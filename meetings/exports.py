"""The attendance exports for the office: one row per invited organisation and meeting (CSV, XLSX)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import DATE, Column, csv_text, xlsx_bytes
from meetings.selectors import AttendanceRow


def _columns() -> list[Column]:
    return [
        Column(_("Meeting date"), 14, DATE),
        Column(_("Meeting"), 40),
        Column(_("Organisation"), 40),
        Column(_("Present or absent"), 20),
        Column(_("Who attended"), 40),
    ]


def _rows(rows: list[AttendanceRow]) -> list[list[object]]:
    return [
        [
            timezone.localtime(row.meeting.starts_at).date(),
            row.meeting.title,
            row.organisation.name,
            row.state.label,
            row.attended_by,
        ]
        for row in rows
    ]


def attendance_csv(rows: list[AttendanceRow]) -> str:
    return csv_text(columns=_columns(), rows=_rows(rows))


def attendance_xlsx(rows: list[AttendanceRow]) -> bytes:
    return xlsx_bytes(title=_("Attendance"), columns=_columns(), rows=_rows(rows))
