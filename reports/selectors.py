"""Reads of the reports app: querysets that fetch what their page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.fragments import cached_value
from members import roles
from members import selectors as member_selectors
from members.models import Organisation
from reports.figures import compute_figures
from reports.models import (
    VERSION_FILES,
    AnnualReport,
    Initiative,
    InitiativeEvent,
    InitiativeStatus,
    ReportStatus,
    ReportVersion,
    ReportVersionPage,
)

if TYPE_CHECKING:
    from members.models import User


def latest_published_report() -> AnnualReport | None:
    """The most recent year with a published version (for the home page)."""
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).order_by("-year").first()


def published_versions() -> list[ReportVersion]:
    """Every published version, newest year first, then newest version first (the archive)."""
    return list(
        ReportVersion.objects.select_related("report")
        .defer("figures", "html")
        .order_by("-report__year", "-number")
    )


def latest_version(year: int, *, figures: bool = True) -> ReportVersion | None:
    """The version of a year's report the public sees (None while the report is a draft).

    `figures=False` leaves the frozen figures and texts unread: enough to serve the stored page.
    """
    deferred = ("html",) if figures else ("html", "figures", "narrative")
    return (
        ReportVersion.objects.select_related("report")
        .filter(report__year=year, report__status=ReportStatus.PUBLISHED)
        .defer(*deferred)
        .order_by("-number")
        .first()
    )


def public_copy_url(year: int, field: str, *, number: int | None = None) -> str:
    """The URL of the public copy of a published version's file (of the year's latest version without
    `number`; "" when there is none), kept in the cache keyed on the pages version: a new version or
    a new copy is a write that changes it. Public data, the same for every visitor."""

    def compute() -> str:
        if number is None:
            version = latest_version(year, figures=False)
        else:
            version = (
                ReportVersion.objects.select_related("report")
                .filter(report__year=year, number=number)
                .defer("html", "figures", "narrative")
                .first()
            )
        return version.public_url(field) if version is not None else ""

    return cached_value(f"reports:public-copy:{year}:{number}:{field}", compute)


def version_page(version: ReportVersion, language: str) -> str | None:
    """The stored public page of a version in a language (None when it was never rendered)."""
    return (
        ReportVersionPage.objects.filter(version=version, language=language)
        .values_list("html", flat=True)
        .first()
    )


def versions_without_pdf() -> list[ReportVersion]:
    """Published versions whose PDF was never stored (a render interrupted before it finished)."""
    return list(ReportVersion.objects.filter(pdf="").defer("html").order_by("pk"))


def versions_with_unpublished_files() -> list[ReportVersion]:
    """Versions with a stored file that has no public copy yet (core.published)."""
    versions = ReportVersion.objects.select_related("report").defer("html", "figures", "narrative")
    return [
        version
        for version in versions.order_by("pk")
        if any(getattr(version, field) and field not in version.public_files for field in VERSION_FILES)
    ]


def latest_versions() -> list[ReportVersion]:
    """The latest published version of every year, newest year first (the open-data catalogue)."""
    latest: dict[int, ReportVersion] = {}
    for version in (
        ReportVersion.objects.select_related("report")
        .filter(report__status=ReportStatus.PUBLISHED)
        .defer("figures", "html")
        .order_by("-report__year", "-number")
    ):
        latest.setdefault(version.report.year, version)
    return list(latest.values())


def versions_of(report: AnnualReport) -> list[ReportVersion]:
    return list(
        report.versions.select_related("published_by")
        .defer("figures", "html", "narrative")
        .order_by("-number")
    )


def reports_for_staff() -> list[AnnualReport]:
    return list(
        AnnualReport.objects.prefetch_related(
            Prefetch("versions", ReportVersion.objects.defer("figures", "html", "narrative"))
        ).order_by("-year")
    )


def _initiative_listing(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return qs.select_related("lead_organisation").prefetch_related(
        "themes", "target_groups", "areas", "partners"
    )


def validated_initiatives_of(organisation: Organisation) -> QuerySet[Initiative]:
    """Validated initiatives the organisation leads or takes part in (its public page), with what the
    page shows: the lead's name, and the target groups and areas as lists (`target_group_list`,
    `area_list`)."""
    return (
        Initiative.objects.filter(status=InitiativeStatus.VALIDATED)
        .filter(Q(lead_organisation=organisation) | Q(partners=organisation))
        .distinct()
        .select_related("lead_organisation")
        .only(
            "pk",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "lead_organisation",
            "lead_organisation__name",
        )
        .prefetch_related(
            Prefetch("target_groups", to_attr="target_group_list"),
            Prefetch("areas", to_attr="area_list"),
        )
        .order_by("-starts_on", "title")
    )


def initiatives_for_user(user: User, *, status: str = "") -> QuerySet[Initiative]:
    """Staff see every initiative; a representative those of the organisations they represent."""
    qs = Initiative.objects.all()
    if not roles.can(user, "manage_reports"):
        qs = qs.filter(lead_organisation__in=member_selectors.representative_organisations(user))
    if status:
        qs = qs.filter(status=status)
    # What the list shows: the lead's name and the themes (as `theme_list`), not the texts.
    return (
        qs.select_related("lead_organisation")
        .only(
            "pk", "title", "status", "starts_on", "updated_at", "lead_organisation", "lead_organisation__name"
        )
        .prefetch_related(Prefetch("themes", to_attr="theme_list"))
        .order_by("-updated_at", "title", "pk")
    )


def initiative_titles_for_user(user: User, *, limit: int) -> list[Initiative]:
    """The latest initiatives of the user's organisations, for a short list (title and status only)."""
    return list(
        Initiative.objects.filter(lead_organisation__in=member_selectors.representative_organisations(user))
        .only("pk", "title", "status", "updated_at")
        .order_by("-updated_at", "title")
        .distinct()[:limit]
    )


def initiative_titles_to_validate(*, limit: int) -> list[Initiative]:
    """Initiatives waiting for staff, for a short list (title and lead organisation only)."""
    return list(
        Initiative.objects.filter(status=InitiativeStatus.SUBMITTED)
        .select_related("lead_organisation")
        .only("pk", "title", "status", "updated_at", "lead_organisation__name")
        .order_by("updated_at")[:limit]
    )


def initiative_detail(pk: int) -> Initiative:
    return (
        Initiative.objects.select_related("lead_organisation")
        .prefetch_related(
            "themes",
            "target_groups",
            "areas",
            "partners",
            "services",
            "funding_sources",
            "years",
            Prefetch("events", queryset=InitiativeEvent.objects.select_related("by")),
        )
        .get(pk=pk)
    )


# The chair's dashboard shows how many warnings the draft of the year has. Computing them means
# computing every figure of the year, so the answer is kept a few minutes (the page says when it was
# computed) and refreshed whenever the office opens the draft's preview.
DRAFT_WARNINGS_SECONDS = 600


@dataclass(frozen=True)
class DraftWarnings:
    count: int
    computed_at: dt.datetime


def _warnings_key(year: int) -> str:
    return f"reports:draft-warnings:{year}"


def remember_draft_warnings(year: int, figures: dict) -> DraftWarnings:
    """Keep the number of warnings (data-quality notes) of figures just computed for a year's draft."""
    warnings = DraftWarnings(count=len(figures.get("quality", [])), computed_at=timezone.now())
    cache.set(_warnings_key(year), (warnings.count, warnings.computed_at), DRAFT_WARNINGS_SECONDS)
    return warnings


def draft_warnings(year: int) -> DraftWarnings:
    """How many warnings the preview of a year's draft lists (the same notes: reports.figures.quality)."""
    cached = cache.get(_warnings_key(year))
    if cached is not None:
        return DraftWarnings(*cached)
    return remember_draft_warnings(year, compute_figures(year))


def draft_warnings_stamp(year: int) -> str:
    """When the kept count of a draft's warnings was made ("" when none is kept): a page kept rendered
    with the count (the chair's) is made again when the preview counts them anew."""
    cached = cache.get(_warnings_key(year))
    return cached[1].isoformat() if cached is not None else ""


def report_of_year(year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year).first()
