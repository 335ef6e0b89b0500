"""Initiatives in the reserved area: representatives declare and update them, staff validate them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import roles
from members import selectors as member_selectors
from members.models import Organisation
from reports import permissions, selectors, services
from reports.forms import InitiativeForm, InitiativeYearForm, SendBackForm
from reports.models import InitiativeStatus

INITIATIVES_PER_PAGE = 25


def _trail() -> list[tuple[str, str]]:
    return [
        (reverse("dashboard"), _("Reserved area")),
        (reverse("reports:initiative_list"), _("Initiatives")),
    ]


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    permissions.require_initiatives_reader(request.user)
    is_staff = roles.can(request.user, "manage_reports")
    status = request.GET.get("stato", "")
    if status not in InitiativeStatus.values:
        status = ""
    page = Paginator(
        selectors.initiatives_for_user(request.user, status=status), INITIATIVES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/initiative_list.html",
        {
            "initiatives": page.object_list,
            "page_obj": page,
            "querystring": f"stato={status}" if status else "",
            "may_declare": roles.can(request.user, "declare_initiatives")
            and member_selectors.current_organisation(request, members_only=True) is not None,
            "is_staff": is_staff,
            "status": status,
            "statuses": InitiativeStatus.choices,
            "trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    organisation = permissions.declaring_organisation(request)
    form = InitiativeForm(request.POST or None, lead_choices=Organisation.objects.filter(pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                lead_organisation=form.cleaned_data["lead_organisation"],
                by=request.user,
                data=form.cleaned_data,
            )
        except services.ReportsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The initiative has been saved as a draft: add its figures and submit it for validation."),
            )
            return redirect(initiative)
    return render(
        request, "reports/initiative_form.html", {"form": form, "initiative": None, "trail": _trail()}
    )


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(initiative=initiative, by=request.user, data=form.cleaned_data)
        except services.ReportsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The initiative has been updated."))
            return redirect(initiative)
    return render(
        request, "reports/initiative_form.html", {"form": form, "initiative": initiative, "trail": _trail()}
    )


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_user(request.user, pk)
    can_write = permissions.can_write_initiative(request.user, initiative)
    year_form = InitiativeYearForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if year_form.is_valid():
            try:
                services.initiative_year_save(
                    initiative=initiative, by=request.user, **year_form.cleaned_data
                )
            except services.ReportsError as error:
                year_form.add_error("year", error.message)
            else:
                messages.success(
                    request, _("The figures for %(year)s have been saved.") % year_form.cleaned_data
                )
                return redirect(initiative)
    is_staff = roles.can(request.user, "manage_reports")
    return render(
        request,
        "reports/initiative_detail.html",
        {
            "initiative": initiative,
            "last_event": initiative.events.all()[len(initiative.events.all()) - 1]
            if initiative.events.all()
            else None,
            "can_write": can_write,
            "actions": initiative.allowed_actions(manager=is_staff, writer=can_write),
            "is_staff": is_staff,
            "year_form": year_form,
            "send_back_form": SendBackForm(),
            "trail": _trail(),
        },
    )


def _transition(request: HttpRequest, pk: int, action) -> HttpResponse:
    initiative = permissions.get_initiative_for_user(request.user, pk, write=True)
    try:
        message = action(initiative)
    except services.ReportsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect(initiative)


@login_required
@require_POST
def initiative_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(initiative):
        services.initiative_submit(initiative=initiative, by=request.user)
        return _("The initiative has been sent to the welfare office for validation.")

    return _transition(request, pk, act)


@login_required
@require_POST
def initiative_validate(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_report_staff(request.user)

    def act(initiative):
        services.initiative_validate(initiative=initiative, by=request.user)
        return _("The initiative has been validated: it now appears on the organisation's page.")

    return _transition(request, pk, act)


@login_required
@require_POST
def initiative_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_report_staff(request.user)
    form = SendBackForm(request.POST)

    def act(initiative):
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.initiative_send_back(initiative=initiative, by=request.user, reason=reason)
        return _("The initiative has been sent back to the organisation with your reason.")

    return _transition(request, pk, act)
