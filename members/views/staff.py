"""Staff area: applications queue, full list with filters, exports, change requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.fragments import cached_choices, cached_fragment, cached_value, query_key
from core.search import folded
from core.spreadsheets import CSV_CONTENT_TYPE, DATE, XLSX_CONTENT_TYPE, Column, csv_text, xlsx_bytes
from members import permissions, selectors, services
from members.filters import StaffOrganisationFilter
from members.forms import DecisionForm
from members.models import Organisation, ProfileChangeRequest
from members.views import organisation as organisation_views
from members.views.organisation import manage_context

PAGE_SIZE = 25
# The applications queue, oldest first: a page of them, so the page costs the same however many wait.
QUEUE_PAGE_SIZE = 25
# Counts change only with a write, which sets a new pages version (core.fragments): the limit is a backstop.
COUNT_SECONDS = 3600


def _waiting() -> int:
    """How many applications wait (pending or with information requested), from the shared cache."""
    return cached_value("application-count", selectors.application_count, seconds=COUNT_SECONDS)


def _staff_trail() -> list[tuple[str, str]]:
    return [(reverse("dashboard"), _("Reserved area"))]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    permissions.require_staff(request.user)
    paginator = Paginator(selectors.application_queue(), QUEUE_PAGE_SIZE)
    paginator.count = _waiting()  # the queue's length: the count the list's button shows, kept
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "members/staff_queue.html",
        {
            "page_obj": page,
            "applications": page.object_list,
            "breadcrumb_trail": [*_staff_trail(), (reverse("members:staff_list"), _("Organisations"))],
        },
    )


def _filtered(request: HttpRequest, base=None) -> tuple[StaffOrganisationFilter, object]:
    """The filters and the organisations they keep: by default with everything an export writes."""
    base = (selectors.organisations_base() if base is None else base).order_by(folded("name"), "pk")
    filterset = StaffOrganisationFilter(request.GET or None, queryset=base)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, qs


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    permissions.require_staff(request.user)
    # The list shows no themes: only the sectors are fetched with the page's rows.
    filterset, qs = _filtered(request, selectors.staff_list_base())
    cached_choices("staff-organisation-filters", filterset.form)
    query = request.GET.copy()
    query.pop("page", None)
    querystring = query.urlencode()
    number = request.GET.get("page")

    def table() -> str:
        # Rows of the portal's data only, the same for every member of the office: kept per query string.
        page = Paginator(qs, PAGE_SIZE).get_page(number)
        context = {"page_obj": page, "organisations": page.object_list, "querystring": querystring}
        return render_to_string("members/_staff_list_table.html", context)

    return render(
        request,
        "members/staff_list.html",
        {
            "filterset": filterset,
            "table": cached_fragment(query_key("staff-organisations", request.GET), table),
            "querystring": querystring,
            "waiting": _waiting(),
            "breadcrumb_trail": _staff_trail(),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    organisation = permissions.get_organisation_for_user(request.user, pk)
    return render(request, "members/organisation_manage.html", manage_context(request, organisation))


EXPORT_COLUMNS = [
    Column("Nome", 40),
    Column("Forma giuridica", 30),
    Column("Pubblico/privato", 10),
    Column("Codice fiscale", 18),
    Column("Partita IVA", 14),
    Column("Numero RUNTS", 14),
    Column("Settori", 24),
    Column("Temi", 40),
    Column("Indirizzo", 30),
    Column("Zona", 18),
    Column("PEC", 28),
    Column("E-mail", 28),
    Column("Telefono", 18),
    Column("Sito web", 28),
    Column("Stato", 20),
    Column("Aderente dal", 12, DATE),
    Column("Nell'elenco pubblico", 10),
    Column("Referente principale", 28),
    Column("E-mail del referente principale", 30),
    Column("Telefono del referente principale", 18),
    Column("Altri referenti", 60),
]


def _contact(representative) -> str:
    """One of the other representatives: Luca Bianchi (luca@example.org, +39 333 1234567)."""
    user = representative.user
    details = ", ".join(part for part in (user.email, user.phone) if part)
    return f"{user.get_full_name() or user.email} ({details})"


def _export_rows(qs) -> list[list[object]]:
    rows = []
    for org in qs:
        representatives = list(org.active_representatives)
        primary = next((r for r in representatives if r.is_primary), None)
        others = [r for r in representatives if r is not primary]
        rows.append(
            [
                org.name,
                org.legal_form.name,
                _("Public") if org.legal_form.is_public else _("Private"),
                org.fiscal_code,
                org.vat_number,
                org.runts_number,
                ", ".join(s.name for s in org.sectors.all()),
                ", ".join(t.name for t in org.themes.all()),
                org.address,
                org.area.name if org.area else "",
                org.pec,
                org.email,
                org.phone,
                org.website,
                org.get_status_display(),
                org.joined_on,
                _("yes") if org.directory_consent else _("no"),
                primary.user.get_full_name() if primary else "",
                primary.user.email if primary else "",
                primary.user.phone if primary else "",
                "; ".join(_contact(r) for r in others),
            ]
        )
    return rows


def _filename(ext: str) -> str:
    return f"organizzazioni-{timezone.localdate().isoformat()}.{ext}"


def _export(request: HttpRequest) -> list[list[object]]:
    permissions.require_staff(request.user)
    _filterset, qs = _filtered(request)
    return _export_rows(selectors.with_active_representatives(qs))


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    rows = _export(request)
    response = HttpResponse(csv_text(columns=EXPORT_COLUMNS, rows=rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    rows = _export(request)
    body = xlsx_bytes(title="Organizzazioni", columns=EXPORT_COLUMNS, rows=rows)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


@login_required
@require_POST
def change_request_decide(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    change = get_object_or_404(ProfileChangeRequest, pk=change_pk, organisation=organisation)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.change_request_decide(
                change_request=change,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except services.MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Change request answered."))
    return redirect("members:staff_detail", pk=organisation.pk)


@login_required
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The staff's door to a status change: a role that is not staff gets 403 before anything else."""
    permissions.require_staff(request.user)
    return organisation_views.transition(request, pk, action)
