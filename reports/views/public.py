"""Public pages: the archive, a year's report (HTML), its stored PDF and its figures as open data."""

from __future__ import annotations

import csv
import json

from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.files import stored_file_response
from core.spreadsheets import csv_cell
from reports import selectors, services
from reports.figures import flatten_figures
from reports.models import ReportVersion
from reports.presentation import report_context


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/archive.html", {"versions": selectors.published_versions()})


def _published(year: int) -> ReportVersion:
    version = selectors.latest_version(year)
    if version is None:
        raise Http404
    return version


@require_GET
def detail(request: HttpRequest, year: int) -> HttpResponse:
    version = _published(year)
    return render(
        request,
        "reports/detail.html",
        {
            **report_context(year=year, figures=version.figures, narrative=version.narrative),
            "report": version.report,
            "version": version,
            "versions": selectors.versions_of(version.report),
            "preview": False,
        },
    )


def _stored_pdf(version: ReportVersion) -> File | None:
    if not version.pdf:
        return None
    try:
        return version.pdf.open("rb")
    except FileNotFoundError:
        return None


def _pdf_response(request: HttpRequest, version: ReportVersion) -> HttpResponse:
    pdf_file = _stored_pdf(version)
    if pdf_file is None:
        # Rendered by a task after publication; a render that was interrupted is queued again here.
        version = services.report_version_pdf_request(version=version)
        pdf_file = _stored_pdf(version)
    if pdf_file is None:
        response = render(request, "reports/pdf_pending.html", {"version": version}, status=503)
        response["Retry-After"] = "60"
        return response
    pdf_file.close()  # it exists: nginx or Django sends it
    return stored_file_response(
        version.pdf,
        content_type="application/pdf",
        filename=f"documento-di-sintesi-{version.report.year}-v{version.number}.pdf",
    )


@require_GET
def pdf(request: HttpRequest, year: int) -> HttpResponse:
    return _pdf_response(request, _published(year))


@require_GET
def version_pdf(request: HttpRequest, year: int, number: int) -> HttpResponse:
    version = (
        ReportVersion.objects.select_related("report")
        .filter(report__year=year, number=number)
        .defer("html")
        .first()
    )
    if version is None:
        raise Http404
    return _pdf_response(request, version)


@require_GET
def figures_csv(request: HttpRequest, year: int) -> HttpResponse:
    version = _published(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tavolo-delle-risorse-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "indicator", "breakdown", "value"])
    writer.writerows([csv_cell(value) for value in row] for row in flatten_figures(version.figures))
    return response


@require_GET
def figures_json(request: HttpRequest, year: int) -> HttpResponse:
    version = _published(year)
    payload = {
        "title": _("Synthesis document %(year)s") % {"year": year},
        "year": year,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "figures": version.figures,
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="tavolo-delle-risorse-{year}.json"'
    return response
