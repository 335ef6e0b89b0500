"""Reads of the reports app: querysets that fetch what their page shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from members import roles
from members import selectors as member_selectors
from members.models import Organisation
from reports.models import (
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
    """Validated initiatives the organisation leads or takes part in (its public page)."""
    return _initiative_listing(
        Initiative.objects.filter(status=InitiativeStatus.VALIDATED)
        .filter(Q(lead_organisation=organisation) | Q(partners=organisation))
        .distinct()
        .order_by("-starts_on", "title")
    )


def initiatives_for_user(user: User, *, status: str = "") -> QuerySet[Initiative]:
    """Staff see every initiative; a representative those of the organisations they represent."""
    qs = Initiative.objects.all()
    if not roles.can(user, "manage_reports"):
        qs = qs.filter(lead_organisation__in=member_selectors.representative_organisations(user))
    if status:
        qs = qs.filter(status=status)
    return _initiative_listing(qs.order_by("-updated_at", "title"))


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
