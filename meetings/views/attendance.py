"""Staff: the attendance of the organisations, per meeting and per year, on a page and as CSV/XLSX."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from meetings import permissions, selectors
from meetings.exports import attendance_csv, attendance_xlsx
from meetings.views.manage import _trail

FORMATS: dict[str, tuple[str, Callable]] = {
    "csv": (CSV_CONTENT_TYPE, attendance_csv),
    "xlsx": (XLSX_CONTENT_TYPE, attendance_xlsx),
}
# Years a page may ask for: a typo in the address (year 20026) is a 404, not an empty export.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _download(rows, fmt: str, filename: str) -> HttpResponse:
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def meeting_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    return _download(selectors.attendance_rows([meeting]), fmt, f"presenze-incontro-{meeting.pk}")


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


@login_required
def year_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    permissions.require_manager(request.user)
    _check_year(year)
    return _download(selectors.attendance_rows(selectors.meetings_of_year(year)), fmt, f"presenze-{year}")


@login_required
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    permissions.require_manager(request.user)
    _check_year(year)
    return render(
        request,
        "meetings/manage/attendance_year.html",
        {
            "year": year,
            "meetings": selectors.meetings_of_year(year),
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "breadcrumb_trail": _trail(),
        },
    )
