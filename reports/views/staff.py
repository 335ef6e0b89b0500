"""The publishing desk: staff write the narrative, preview the draft on live data and publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.confirm import confirmation
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
            "versions": selectors.versions_of(report),
            "trail": _trail(),
        },
    )


def _publish(request: HttpRequest, *, report, form: PublishForm) -> None:
    try:
        version = services.report_publish(report=report, by=request.user, note=form.cleaned_data["note"])
    except services.ReportsError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request,
        _("Version %(number)s of the %(year)s report has been published; its PDF is being prepared.")
        % {"number": version.number, "year": report.year},
    )


@login_required
def publish(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    back = reverse("reports:edit", args=[year])
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _publish(request, report=report, form=form)
        return redirect(back)
    number = len(selectors.versions_of(report)) + 1
    public = reverse("reports:detail", args=[year])
    return confirmation(
        request,
        title=_("Publish the %(year)s report") % {"year": year},
        happens=[
            _("Version %(number)s is published: the figures computed now and the texts are frozen in it.")
            % {"number": number},
            _("Its PDF is prepared once; later changes to the data do not alter it."),
            _("A published version cannot be withdrawn: a correction is a new version, with a note."),
        ],
        told=[
            _("Everyone: the report is public at %(path)s, in the archive and on the home page.")
            % {"path": public}
        ],
        form=form,
        button=_("Publish version %(number)s") % {"number": number},
        back_url=back,
        breadcrumb_trail=[*_trail(), (back, str(year))],
        status=400 if form.errors else 200,  # the note stays as typed, with what is wrong under it
    )


@login_required
def preview(request: HttpRequest, year: int) -> HttpResponse:
    report = permissions.get_report_for_staff(request.user, year)
    narrative = services.report_narrative(report)
    figures = compute_figures(year)
    selectors.remember_draft_warnings(year, figures)
    return render(
        request,
        "reports/detail.html",
        {
            **report_context(year=year, figures=figures, narrative=narrative),
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
