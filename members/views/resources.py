"""Resources put in common: an organisation's list, and the search of the whole network."""

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

from members import permissions, roles, selectors, services
from members.forms import ResourceForm, ResourceSearchForm
from members.services.resources import RESOURCE_FIELDS

PAGE_SIZE = 20


def _trail(organisation) -> list[tuple[str, str]]:
    return [
        (reverse("dashboard"), _("Reserved area")),
        (reverse("members:my_organisation", args=[organisation.pk]), organisation.name),
    ]


@login_required
def resource_list(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    return render(
        request,
        "members/resources_manage.html",
        {
            "organisation": organisation,
            "resources": selectors.organisation_resources(organisation),
            "can_write": organisation.status not in permissions._READ_ONLY_STATUSES
            or permissions.is_staff(request.user),
            "breadcrumb_trail": _trail(organisation),
        },
    )


def _edit(request: HttpRequest, pk: int, resource_pk: int | None) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk, write=True)
    resource = (
        permissions.get_resource_for_user(request.user, organisation, resource_pk) if resource_pk else None
    )
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in RESOURCE_FIELDS}
        try:
            if resource is None:
                services.resource_create(
                    organisation=organisation, by=request.user, data=data, themes=form.cleaned_data["themes"]
                )
            else:
                services.resource_update(
                    resource=resource, by=request.user, data=data, themes=form.cleaned_data["themes"]
                )
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Resource saved."))
            return redirect("members:resources", pk=organisation.pk)
    return render(
        request,
        "members/resource_form.html",
        {
            "organisation": organisation,
            "form": form,
            "resource": resource,
            "breadcrumb_trail": [
                *_trail(organisation),
                (reverse("members:resources", args=[organisation.pk]), _("Shared resources")),
            ],
        },
    )


@login_required
def resource_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, None)


@login_required
def resource_edit(request: HttpRequest, pk: int, resource_pk: int) -> HttpResponse:
    return _edit(request, pk, resource_pk)


@login_required
@require_POST
def resource_toggle(request: HttpRequest, pk: int, resource_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk, write=True)
    resource = permissions.get_resource_for_user(request.user, organisation, resource_pk)
    services.resource_deactivate(resource=resource, by=request.user, active=not resource.is_active)
    messages.success(
        request,
        _("Resource available again.")
        if resource.is_active
        else _("Resource marked as no longer available."),
    )
    return redirect("members:resources", pk=organisation.pk)


@login_required
def resource_search(request: HttpRequest) -> HttpResponse:
    if not roles.can(request.user, "search_resources"):
        raise PermissionDenied
    form = ResourceSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.resources_search(
        kind=filters.get("kind") or "",
        theme=filters.get("theme"),
        area=filters.get("area"),
        q=" ".join((filters.get("q") or "").split()),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/resources_search.html",
        {
            "form": form,
            "page_obj": page,
            "resources": page.object_list,
            "querystring": query.urlencode(),
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )
