"""The office's pages: municipal services and versions of the rules; the representatives' acceptance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.text import strip_control
from members import roles, selectors, services
from members.forms import MunicipalServiceForm, RegulationDraftForm, RegulationPublishForm
from members.models import MunicipalService, RegulationVersion
from members.security import REGULATION_SESSION_KEY
from members.services.municipal import SERVICE_FIELDS
from members.services.regulation import DRAFT_FIELDS


def _trail(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(reverse("dashboard"), _("Reserved area")), *extra]


# --- municipal services ---------------------------------------------------------------------------


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    roles.require(request.user, "manage_services")
    return render(
        request,
        "members/office_services.html",
        {"services": selectors.services_for_staff(), "breadcrumb_trail": _trail()},
    )


def _service_form(request: HttpRequest, service: MunicipalService | None) -> HttpResponse:
    roles.require(request.user, "manage_services")
    found: list = []
    if request.method == "POST":
        chosen = selectors.active_users_by_pk(request.POST.getlist("referents"))
        # The search runs before the form is validated (its results become checkboxes): text longer
        # than the field allows is not searched for, and the field says why.
        search = strip_control(request.POST.get("referent_search", ""))  # PostgreSQL refuses a NUL
        searchable = len(search) <= MunicipalServiceForm.base_fields["referent_search"].max_length
        found = selectors.referent_candidates(search) if searchable else []
        form = MunicipalServiceForm(request.POST, chosen=chosen, found=found)
        if "search" in request.POST:
            search_errors = form.errors.get("referent_search")
            form._errors = ErrorDict()  # a search is not a submission: keep what was typed, show no errors
            if search_errors:
                form._errors["referent_search"] = search_errors  # ...but the search's own
        elif form.is_valid():
            data = {name: form.cleaned_data[name] for name in SERVICE_FIELDS}
            kwargs = {
                "by": request.user,
                "data": data,
                "competences": form.cleaned_data["competences"],
                "referents": form.cleaned_data["referents"],
            }
            try:
                if service is None:
                    services.service_create(**kwargs)
                else:
                    services.service_update(service=service, **kwargs)
            except services.MembershipError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(request, _("Municipal service saved."))
                return redirect("members:office_services")
    else:
        chosen = list(service.referents.order_by("last_name", "first_name")) if service else []
        initial = {name: getattr(service, name) for name in SERVICE_FIELDS} if service else {}
        if service:
            initial["competences"] = list(service.competences.all())
            initial["referents"] = [u.pk for u in chosen]
        form = MunicipalServiceForm(initial=initial, chosen=chosen)
    title = _("Edit municipal service") if service else _("New municipal service")
    return render(
        request,
        "members/office_service_form.html",
        {
            "form": form,
            "service": service,
            "title": title,
            "searched": "search" in request.POST,
            "found": found,
            "breadcrumb_trail": _trail((reverse("members:office_services"), _("Municipal services"))),
        },
    )


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    return _service_form(request, None)


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    roles.require(request.user, "manage_services")
    return _service_form(request, get_object_or_404(MunicipalService, pk=pk))


@login_required
@require_POST
def service_retire(request: HttpRequest, pk: int) -> HttpResponse:
    roles.require(request.user, "manage_services")
    service = get_object_or_404(MunicipalService, pk=pk)
    retire = request.POST.get("active") != "1"
    service = services.service_retire(service=service, by=request.user, active=not retire)
    if service.is_active:
        messages.success(request, _("%(name)s is offered again.") % {"name": service.name})
    else:
        messages.success(
            request,
            _("%(name)s has been retired: it keeps its history but is no longer offered.")
            % {"name": service.name},
        )
    return redirect("members:office_services")


# --- versions of the rules ------------------------------------------------------------------------


def _regulation_trail() -> list[tuple[str, str]]:
    return _trail((reverse("members:office_regulation"), _("Versions of the rules")))


@login_required
def regulation_list(request: HttpRequest) -> HttpResponse:
    roles.require(request.user, "manage_regulation")
    return render(
        request,
        "members/office_regulation.html",
        {
            "versions": selectors.regulation_all_versions(),
            "in_force": selectors.regulation_in_force(),
            "breadcrumb_trail": _trail(),
        },
    )


def _regulation_form(request: HttpRequest, version: RegulationVersion | None) -> HttpResponse:
    roles.require(request.user, "manage_regulation")
    if version is not None and version.is_published:
        messages.info(request, _("A published version cannot be changed: draft a new one."))
        return redirect("members:office_regulation_detail", pk=version.pk)
    form = RegulationDraftForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in DRAFT_FIELDS}
        try:
            saved = services.regulation_draft_save(by=request.user, data=data, version=version)
        except services.MembershipError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Draft saved. Check the preview before publishing it."))
            return redirect("members:office_regulation_detail", pk=saved.pk)
    return render(
        request,
        "members/office_regulation_form.html",
        {
            "form": form,
            "version": version,
            "title": _("Edit draft") if version else _("New version of the rules"),
            "breadcrumb_trail": _regulation_trail(),
        },
    )


@login_required
def regulation_create(request: HttpRequest) -> HttpResponse:
    return _regulation_form(request, None)


@login_required
def regulation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    roles.require(request.user, "manage_regulation")
    return _regulation_form(request, get_object_or_404(RegulationVersion, pk=pk))


@login_required
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    roles.require(request.user, "manage_regulation")
    version = get_object_or_404(RegulationVersion, pk=pk)
    return _regulation_detail(
        request, version, RegulationPublishForm(initial={"effective_from": version.effective_from})
    )


def _regulation_detail(
    request: HttpRequest, version: RegulationVersion, form, status: int = 200
) -> HttpResponse:
    acceptances = selectors.regulation_acceptances(version) if version.is_published else []
    return render(
        request,
        "members/office_regulation_detail.html",
        {
            "version": version,
            "publish_form": form,
            "acceptances": acceptances,
            "accepted_count": sum(1 for a in acceptances if a.accepted_at),
            "breadcrumb_trail": _regulation_trail(),
        },
        status=status,
    )


@login_required
@require_POST
def regulation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    roles.require(request.user, "manage_regulation")
    version = get_object_or_404(RegulationVersion, pk=pk)
    form = RegulationPublishForm(request.POST)
    if form.is_valid():
        try:
            services.regulation_publish(
                version=version, by=request.user, effective_from=form.cleaned_data["effective_from"]
            )
        except services.MembershipError as exc:
            if exc.field is None:  # already published: the first click did it
                messages.info(request, str(exc))
                return redirect("members:office_regulation_detail", pk=version.pk)
            form.add_error(exc.field, str(exc))
        else:
            messages.success(
                request,
                _("Version %(version)s published. The representatives have been told by e-mail.")
                % {"version": version.version},
            )
            return redirect("members:office_regulation_detail", pk=version.pk)
    return _regulation_detail(request, version, form, status=400)


@login_required
def regulation_accept(request: HttpRequest) -> HttpResponse:
    """The page a representative sees at sign-in until they accept the new rules."""
    version = selectors.regulation_to_accept(request.user)
    if version is None:  # nothing (left) to accept, e.g. accepted in another session
        request.session.pop(REGULATION_SESSION_KEY, None)
        return redirect("dashboard")
    if request.method == "POST":
        services.regulation_accept(user=request.user, version=version)
        request.session.pop(REGULATION_SESSION_KEY, None)
        messages.success(request, _("Thank you: your acceptance of the rules has been recorded."))
        return redirect("dashboard")
    return render(request, "members/regulation_accept.html", {"regulation": version})
