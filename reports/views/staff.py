"""The publishing desk: staff write the narrative, preview the draft on live data and publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import permissions, selectors, services
from reports.figures import compute_figures
from reports.forms import PublishForm, ReportCreateForm, ReportNarrativeForm
from reports.pdf import render_report_pdf
from reports.presentation import report_context


def _trail() -> list[tuple[str, str]]:
    return [(reverse("dashboard"), _("Reserved area")), (reverse("reports:manage"), _("Annual reports"))]


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    permissions.require_report_staff(request.user)
    form = ReportCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(year=form.cleaned_data["year"], by=request.user)
        except services.ReportsError as error:
            form.add_error("year", error.message)
        else:
            messages.success(
                request, _("The draft of the %(year)s report has been created.") % {"year": report.year}
            )
            return redirect("reports:edit", year=report.year)
    return render(request, "reports/manage.html", {"reports": selectors.reports_for_staff(), "form": form})


@login_required
def edit(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    form = ReportNarrativeForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        services.report_update(by=request.user, **form.cleaned_data, report=report)
        messages.success(request, _("The texts have been saved."))
        return redirect("reports:edit", year=year)
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "form": form,
            "publish_form": PublishForm(),
            "versions": selectors.versions_of(report),
            "trail": _trail(),
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.report_publish(report=report, by=request.user, note=form.cleaned_data["note"])
        except services.ReportsError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Version %(number)s of the %(year)s report has been published; its PDF is being prepared.")
                % {"number": version.number, "year": year},
            )
    else:
        messages.error(request, _("The note is too long."))
    return redirect("reports:edit", year=year)


@login_required
def preview(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    narrative = services.report_narrative(report)
    return render(
        request,
        "reports/detail.html",
        {
            **report_context(year=year, figures=compute_figures(year), narrative=narrative),
            "report": report,
            "preview": True,
            "trail": _trail(),
        },
    )


@login_required
def preview_pdf(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    content = render_report_pdf(
        year=year,
        figures=compute_figures(year),
        narrative=services.report_narrative(report),
        version=None,
        published_at=timezone.now(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="anteprima-documento-di-sintesi-{year}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
