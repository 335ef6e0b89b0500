"""Public pages: the archive, a year's report (HTML), its stored PDF and its figures as open data."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.files import sent_by_the_web_server, stored_file_response
from reports import opendata, selectors, services
from reports.dcat import dcat_catalogue
from reports.models import VERSION_FILES, ReportVersion
from reports.pdf import document_title
from reports.presentation import published_page_body

# The data files of a version by their name in /relazioni/<year>/versioni/<n>/<name>.
DATA_FILES = {name: field for field, (name, _download) in VERSION_FILES.items() if name}


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/archive.html", {"versions": selectors.published_versions()})


def _published(year: int) -> ReportVersion:
    version = selectors.latest_version(year)
    if version is None:
        raise Http404
    return version


@require_safe
def detail(request: HttpRequest, year: int) -> HttpResponse:
    version = selectors.latest_version(year, figures=False)
    if version is None:
        raise Http404
    language = get_language()
    body = selectors.version_page(version, language)
    if body is None:
        # Published before pages were stored (or in a language added since): stored now, once.
        services.report_version_store_pages(version=version)
        body = selectors.version_page(version, language)
    if body is None:  # a language the portal does not list: rendered live
        body = published_page_body(_published(year), selectors.versions_of(version.report))
    return render(
        request,
        "reports/detail.html",
        {
            "report": version.report,
            "year": year,
            "version": version,
            "preview": False,
            # Rendered from the frozen version by reports.presentation.published_page_body.
            "stored_body": SafeString(body),
        },
    )


def _has_stored_pdf(version: ReportVersion) -> bool:
    return bool(version.pdf) and version.pdf.storage.exists(version.pdf.name)


def _pdf_response(request: HttpRequest, version: ReportVersion) -> HttpResponse:
    if not _has_stored_pdf(version):
        # Rendered by a task after publication; a render that was interrupted is queued again here.
        version = services.report_version_pdf_request(version=version)
    if not _has_stored_pdf(version):
        response = render(request, "reports/pdf_pending.html", {"version": version}, status=503)
        response["Retry-After"] = "60"
        return response
    if public := version.public_url("pdf"):
        # Its public copy (core.published): sent without a view, cached for good.
        return HttpResponseRedirect(public)
    return stored_file_response(
        version.pdf, content_type="application/pdf", filename=version.download_name("pdf")
    )


def _to_public_copy(year: int, field: str, *, number: int | None = None) -> HttpResponse | None:
    """A redirect to the file's public copy (core.published: sent without a view, cached for good),
    when it has one: the public URLs stay, the bytes come from there."""
    public = selectors.public_copy_url(year, field, number=number)
    return HttpResponseRedirect(public) if public else None


@require_safe
def pdf(request: HttpRequest, year: int) -> HttpResponse:
    return _to_public_copy(year, "pdf") or _pdf_response(request, _published(year))


@require_safe
def version_pdf(request: HttpRequest, year: int, number: int) -> HttpResponse:
    return _to_public_copy(year, "pdf", number=number) or _pdf_response(request, _version(year, number))


def _version(year: int, number: int) -> ReportVersion:
    version = (
        ReportVersion.objects.select_related("report")
        .filter(report__year=year, number=number)
        .defer("html")
        .first()
    )
    if version is None:
        raise Http404
    return version


def _open_data_headers(response: HttpResponse) -> HttpResponse:
    # Open data: any site may read the files from a browser (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


def _data_response(
    content: str | bytes, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return _open_data_headers(response)


def _stored_or_built(
    version: ReportVersion, field: str, build, *, content_type: str, inline: bool = False
) -> HttpResponse:
    """A stored data file is sent like the PDF (its public copy; else by nginx behind it,
    MEDIA_ACCEL_REDIRECT, the nginx site adding the same open-data headers there); one published
    before the files were stored is built from the frozen figures."""
    if public := version.public_url(field):
        return HttpResponseRedirect(public)
    filename = version.download_name(field)
    stored = getattr(version, field)
    if stored and sent_by_the_web_server(stored):
        response = stored_file_response(
            stored, content_type=content_type, filename=filename, as_attachment=not inline
        )
        return _open_data_headers(response)
    if stored:
        with stored.open("rb") as handle:
            content = handle.read()
    else:
        content = build()
    return _data_response(content, content_type=content_type, filename=filename, inline=inline)


def _csv_response(version: ReportVersion, *, excel: bool = False) -> HttpResponse:
    year, number = version.report.year, version.number
    return _stored_or_built(
        version,
        "data_csv_excel" if excel else "data_csv",
        lambda: opendata.indicators_csv(version.figures, year=year, version=number, excel=excel).encode(
            "utf-8"
        ),
        content_type="text/csv; charset=utf-8",
    )


def _organisations_response(version: ReportVersion) -> HttpResponse:
    year, number = version.report.year, version.number
    return _stored_or_built(
        version,
        "organisations_csv",
        lambda: opendata.organisations_csv(version.figures, year=year, version=number).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )


def _json_response(version: ReportVersion) -> HttpResponse:
    year, number = version.report.year, version.number
    return _stored_or_built(
        version,
        "data_json",
        lambda: opendata.figures_json(
            version.figures,
            year=year,
            version=number,
            published_at=version.published_at.isoformat(),
            title=document_title(year),
        ).encode("utf-8"),
        content_type="application/json; charset=utf-8",
        inline=True,
    )


def _datapackage_response(version: ReportVersion, *, prefix: str) -> HttpResponse:
    package = opendata.data_package(
        year=version.report.year,
        version=version.number,
        title=document_title(version.report.year),
        prefix=prefix,
    )
    return _data_response(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
        filename="datapackage.json",
        inline=True,
    )


@require_safe
def figures_csv(request: HttpRequest, year: int) -> HttpResponse:
    return _to_public_copy(year, "data_csv") or _csv_response(_published(year))


@require_safe
def figures_json(request: HttpRequest, year: int) -> HttpResponse:
    return _to_public_copy(year, "data_json") or _json_response(_published(year))


@require_safe
def datapackage(request: HttpRequest, year: int) -> HttpResponse:
    version = _published(year)
    return _datapackage_response(version, prefix=f"versioni/{version.number}/")


@require_safe
def version_data(request: HttpRequest, year: int, number: int, name: str) -> HttpResponse:
    field = DATA_FILES.get(name)
    if field and (redirect := _to_public_copy(year, field, number=number)):
        return redirect
    version = _version(year, number)
    if name == "indicatori.csv":
        return _csv_response(version)
    if name == "indicatori-excel.csv":
        return _csv_response(version, excel=True)
    if name == "organizzazioni.csv":
        return _organisations_response(version)
    if name == "dati.json":
        return _json_response(version)
    if name == "datapackage.json":
        return _datapackage_response(version, prefix="")
    raise Http404


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP_IT description of every published year, for the municipality's open-data catalogue."""
    return _data_response(
        json.dumps(dcat_catalogue(request, selectors.latest_versions()), ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
        filename="catalogo-dcat.jsonld",
        inline=True,
    )
