"""Public pages: rules, directory, organisation profiles, municipal services."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import sections_for
from core.fragments import cached_value
from members import selectors
from members.filters import OrganisationFilter
from members.models import Area, Sector, Theme

PAGE_SIZE = 20
# The facet counts change only with a write, which sets a new pages version (core.pagecache): they are
# kept under that version, so a change shows at once; the time limit is only a backstop.
FACETS_SECONDS = 3600


def regulation(request: HttpRequest, version: str | None = None) -> HttpResponse:
    versions = selectors.regulation_versions()
    in_force = selectors.regulation_in_force()
    if version is None:
        shown = in_force
    else:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "members/regulation.html",
        {"regulation": shown, "in_force": in_force, "versions": versions},
    )


def _facet_data(data: dict, queryset) -> tuple[dict, dict]:
    """The counts of `selectors.facet_counts` and each facet's options as (slug, name) pairs.

    Kept in the cache under the pages version for each combination of the four filters: any write
    sets a new version, so a change shows on the next request; a text search is counted each time."""

    def compute() -> tuple[dict, dict]:
        options = {
            name: [(obj.slug, obj.name) for obj in OrganisationFilter.base_filters[name].queryset.all()]
            for name in ("sector", "theme", "area")
        }
        return selectors.facet_counts(queryset), options

    if data.get("q"):
        return compute()
    chosen = ":".join(str(getattr(data.get(name), "slug", data.get(name)) or "") for name in FACET_NAMES)
    return cached_value(f"directory-facets:{chosen}", compute, seconds=FACETS_SECONDS)


FACET_NAMES = ("sector", "public", "theme", "area")


def facets_for(data: dict, counts: dict, options_by_facet: dict) -> list[dict]:
    """The filter form as lists of options with counts (`_facet_data`: from one query, or the cache)."""

    def selected_slug(name):
        value = data.get(name)
        return getattr(value, "slug", value) or ""

    facets = []
    for name, label, _model, empty in (
        ("sector", _("Sector"), Sector, _("All sectors")),
        ("theme", _("Theme"), Theme, _("All themes")),
        ("area", _("Area"), Area, _("All areas")),
    ):
        options = [
            {"value": slug, "label": label, "count": counts[name].get(slug, 0)}
            for slug, label in options_by_facet[name]
        ]
        facets.append(
            {
                "name": name,
                "label": label,
                "empty": empty,
                "options": options,
                "selected": selected_slug(name),
            }
        )
    facets.insert(
        1,
        {
            "name": "public",
            "label": _("Public or private"),
            "empty": _("All"),
            "selected": selected_slug("public"),
            "options": [
                {"value": "public", "label": _("Public bodies"), "count": counts["public"]["public"]},
                {
                    "value": "private",
                    "label": _("Private organisations"),
                    "count": counts["public"]["private"],
                },
            ],
        },
    )
    return facets


class CountedPaginator(Paginator):
    """A paginator told how many objects its list holds, instead of counting them again."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count  # in place of the cached property that runs a COUNT


def directory(request: HttpRequest) -> HttpResponse:
    queryset, data = selectors.directory_cards(), {}
    if request.GET:  # without a query string nothing is filtered: no filter set to build
        filterset = OrganisationFilter(request.GET, queryset=queryset)
        if filterset.is_valid():
            queryset, data = filterset.qs, filterset.form.cleaned_data
    counts, options_by_facet = _facet_data(data, queryset)
    # Every organisation has one legal form, public or private: the two counts add up to the list's size.
    total = counts["public"]["public"] + counts["public"]["private"]
    page = CountedPaginator(queryset, PAGE_SIZE, total).get_page(request.GET.get("page"))
    organisations = list(page.object_list)
    selectors.card_badges(organisations)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {
            "facets": facets_for(data, counts, options_by_facet),
            "q": data.get("q", ""),
            "page_obj": page,
            "organisations": organisations,
            "querystring": query.urlencode(),
            "filtered": bool(query),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    if organisation is None:
        raise Http404
    return render(
        request,
        "members/organisation_public.html",
        {
            "organisation": organisation,
            "resources": organisation.active_resources if organisation.resources_public else [],
            "sections": sections_for("organisation_sections", organisation),
            "breadcrumb_trail": [(reverse("members:directory"), _("Organisations"))],
        },
    )


def services(request: HttpRequest) -> HttpResponse:
    return render(request, "members/services.html", {"services": selectors.municipal_services()})


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = next((s for s in selectors.municipal_services() if s.slug == slug), None)
    if service is None:
        raise Http404
    return render(
        request,
        "members/service_detail.html",
        {
            "service": service,
            "organisations": selectors.directory_base()
            .filter(themes__in=service.competences.all())
            .distinct()[:30],
            "breadcrumb_trail": [(reverse("members:services"), _("Municipal services"))],
        },
    )
