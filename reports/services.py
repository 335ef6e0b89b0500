"""Writes of the reports app: initiatives and their validation, annual reports and their publication."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.published import publish, publishing_available
from members import roles
from members.models import Organisation
from reports import notifications, selectors
from reports.figures import compute_figures
from reports.models import (
    VERSION_FILES,
    AnnualReport,
    Initiative,
    InitiativeEvent,
    InitiativeStatus,
    InitiativeYear,
    ReportStatus,
    ReportVersion,
    ReportVersionPage,
)

if TYPE_CHECKING:
    from members.models import User

INITIATIVE_FIELDS = ("title", "description", "starts_on", "ends_on")
INITIATIVE_M2M = ("partners", "services", "themes", "target_groups", "areas", "funding_sources")

logger = logging.getLogger(__name__)


class ReportsError(Exception):
    """A refused operation on an initiative or a report; the message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _first_error(error: ValidationError) -> str:
    return next(iter(error.messages), _("The data are not valid."))


def _initiative_event(
    *, initiative: Initiative, to: str, by: User | None, reason: str = ""
) -> InitiativeEvent:
    event = InitiativeEvent.objects.create(
        initiative=initiative, from_status=initiative.status, to_status=to, by=by, reason=reason
    )
    initiative.status = to
    initiative.save(update_fields=["status", "updated_at"])
    return event


def _apply(initiative: Initiative, data: Mapping[str, object]) -> None:
    for name in INITIATIVE_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    try:
        initiative.full_clean()
    except ValidationError as error:
        raise ReportsError(_first_error(error)) from error
    initiative.save()
    for name in INITIATIVE_M2M:
        if name in data:
            values = list(data[name] or [])
            if name == "partners":
                values = [org for org in values if org.pk != initiative.lead_organisation_id]
            getattr(initiative, name).set(values)


def initiative_create(*, lead_organisation: Organisation, by: User, data: Mapping[str, object]) -> Initiative:
    """Declare a new initiative of a member organisation, as a draft."""
    if not lead_organisation.is_member:
        raise ReportsError(_("Only member organisations can declare initiatives."))
    with transaction.atomic():
        initiative = Initiative(lead_organisation=lead_organisation, status=InitiativeStatus.DRAFT)
        _apply(initiative, data)
        InitiativeEvent.objects.create(
            initiative=initiative, from_status="", to_status=InitiativeStatus.DRAFT, by=by
        )
    return initiative


def initiative_update(*, initiative: Initiative, by: User, data: Mapping[str, object]) -> Initiative:
    """Change an initiative's description; representatives only while it is a draft or sent back."""
    if "edit" not in initiative.allowed_actions(manager=roles.is_table_staff(by), writer=True):
        raise ReportsError(
            _("This initiative is being validated or already validated: ask the welfare office to change it.")
        )
    with transaction.atomic():
        _apply(initiative, data)
    return initiative


def initiative_submit(*, initiative: Initiative, by: User) -> Initiative:
    """Send a draft (or a sent-back initiative) to the welfare office for validation."""
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if "submit" not in initiative.allowed_actions(manager=False, writer=True):
            raise ReportsError(_("This initiative has already been submitted."))
        event = _initiative_event(initiative=initiative, to=InitiativeStatus.SUBMITTED, by=by)
        notifications.initiative_submitted(event)
    return initiative


def initiative_validate(*, initiative: Initiative, by: User) -> Initiative:
    """Accept a submitted initiative: it appears on the organisation's page and in the report."""
    if not roles.can(by, "manage_reports"):
        raise ReportsError(_("Only the welfare office can validate initiatives."))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if "validate" not in initiative.allowed_actions(manager=True, writer=True):
            raise ReportsError(_("Only initiatives awaiting validation can be validated."))
        event = _initiative_event(initiative=initiative, to=InitiativeStatus.VALIDATED, by=by)
        notifications.initiative_decided(event)
    return initiative


def initiative_send_back(*, initiative: Initiative, by: User, reason: str) -> Initiative:
    """Return an initiative to its organisation with the reason, so that it can be corrected."""
    if not roles.can(by, "manage_reports"):
        raise ReportsError(_("Only the welfare office can send initiatives back."))
    reason = reason.strip()
    if not reason:
        raise ReportsError(_("Explain what the organisation should correct."))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if "send_back" not in initiative.allowed_actions(manager=True, writer=True):
            raise ReportsError(_("Only submitted or validated initiatives can be sent back."))
        event = _initiative_event(initiative=initiative, to=InitiativeStatus.REJECTED, by=by, reason=reason)
        notifications.initiative_decided(event)
    return initiative


def initiative_year_save(
    *,
    initiative: Initiative,
    by: User,
    year: int,
    people_reached: int,
    volunteers: int,
    volunteer_hours: int,
    budget: Decimal | None = None,
) -> InitiativeYear:
    """Record (or correct) what an initiative achieved in a year of its period."""
    last_year = initiative.ends_on.year if initiative.ends_on else timezone.localdate().year
    if not initiative.starts_on.year <= year <= last_year:
        raise ReportsError(
            _("The year must fall within the initiative's period (%(first)s–%(last)s).")
            % {"first": initiative.starts_on.year, "last": last_year}
        )
    with transaction.atomic():
        row = InitiativeYear.objects.filter(initiative=initiative, year=year).first() or InitiativeYear(
            initiative=initiative, year=year
        )
        row.people_reached, row.volunteers, row.volunteer_hours, row.budget = (
            people_reached,
            volunteers,
            volunteer_hours,
            budget,
        )
        try:
            row.full_clean()
        except ValidationError as error:
            raise ReportsError(_first_error(error)) from error
        row.save()
    return row


def report_create(*, year: int, by: User) -> AnnualReport:
    """Start the draft of a year's report."""
    if year > timezone.localdate().year:
        raise ReportsError(_("A report can be prepared only for the current year or a past one."))
    report = AnnualReport(year=year)
    try:
        report.full_clean()
        with transaction.atomic():
            report.save()
    except ValidationError as error:
        raise ReportsError(_("The report for %(year)s already exists.") % {"year": year}) from error
    except IntegrityError as error:
        raise ReportsError(_("The report for %(year)s already exists.") % {"year": year}) from error
    return report


def report_update(
    *,
    report: AnnualReport,
    by: User,
    presentation: str,
    context: str,
    conclusions: str,
    signatory: str = "",
    approved_on: dt.date | None = None,
) -> AnnualReport:
    """Save the narrative sections and the signature; a published version keeps what it was published with."""
    with transaction.atomic():
        report.presentation, report.context, report.conclusions = presentation, context, conclusions
        report.signatory, report.approved_on = signatory.strip(), approved_on
        report.full_clean()
        report.save(
            update_fields=["presentation", "context", "conclusions", "signatory", "approved_on", "updated_at"]
        )
    return report


def report_narrative(report: AnnualReport) -> dict[str, str]:
    return {
        "presentation": report.presentation,
        "context": report.context,
        "conclusions": report.conclusions,
        "signatory": report.signatory,
        "approved_on": report.approved_on.isoformat() if report.approved_on else "",
    }


def report_publish(*, report: AnnualReport, by: User, note: str = "") -> ReportVersion:
    """Freeze the figures computed now into a new version; its PDF is rendered once, after commit."""
    from reports.tasks import render_report_pdf

    if not roles.can(by, "manage_reports"):
        raise ReportsError(_("Only the welfare office can publish the report."))
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.year >= timezone.localdate().year:
            # The figures of a year still running would change after publication: refuse until it is over.
            raise ReportsError(
                _("%(year)s is not over yet: its report can be published from 1 January %(next)s.")
                % {"year": report.year, "next": report.year + 1}
            )
        if not (report.presentation.strip() and report.conclusions.strip()):
            raise ReportsError(_("Write at least the presentation and the conclusions before publishing."))
        last = report.versions.aggregate(last=Max("number"))["last"] or 0
        if last and not note.strip():
            raise ReportsError(_("Explain in a note what changes in this new version."))
        version = ReportVersion(
            report=report,
            number=last + 1,
            published_by=by,
            note=note.strip(),
            figures=compute_figures(report.year),
            narrative=report_narrative(report),
        )
        version.full_clean(exclude=["pdf"])
        version.save()
        report.status = ReportStatus.PUBLISHED
        report.save(update_fields=["status", "updated_at"])
        report_version_store_pages(version=version)
        transaction.on_commit(partial(render_report_pdf.enqueue, version.pk))
    return version


def report_version_store_pages(*, version: ReportVersion) -> list[ReportVersionPage]:
    """Render the public page of a published version once per language and store it (frozen)."""
    from django.conf import settings
    from django.utils import translation

    from reports.presentation import published_page_body

    with transaction.atomic():
        version = ReportVersion.objects.select_related("report").get(pk=version.pk)
        stored = set(version.pages.values_list("language", flat=True))
        versions = selectors.versions_of(version.report)
        pages = []
        for language, _name in settings.LANGUAGES:
            if language in stored:
                continue
            with translation.override(language):
                html = published_page_body(version, versions)
            page = ReportVersionPage(version=version, language=language, html=str(html))
            page.full_clean(exclude=["version"])
            pages.append(page)
        ReportVersionPage.objects.bulk_create(pages, ignore_conflicts=True)
    return pages


def report_version_render_pdf(*, version: ReportVersion) -> ReportVersion:
    """Render and store the PDF (and its HTML source) of a published version, unless stored already."""
    from reports.pdf import html_to_pdf, report_html

    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
        if version.pdf and version.pdf.storage.exists(version.pdf.name):
            return version
        html = report_html(
            year=version.report.year,
            figures=version.figures,
            narrative=version.narrative,
            version=version.number,
            published_at=version.published_at,
        )
        version.html = html
        version.pdf.save(
            f"documento-di-sintesi-{version.report.year}-v{version.number}.pdf",
            ContentFile(html_to_pdf(html)),
            save=False,
        )
        version.save(update_fields=["html", "pdf"])
    return version


# While a render is queued, further requests for the same PDF do not queue it again.
PDF_RENDER_QUEUED_SECONDS = 10 * 60


def report_version_pdf_request(*, version: ReportVersion) -> ReportVersion:
    """Queue again the render of a published version whose PDF is missing (an interrupted render)."""
    from reports.tasks import render_report_pdf

    if cache.add(f"reports:pdf-render-queued:{version.pk}", True, timeout=PDF_RENDER_QUEUED_SECONDS):
        # Nothing is written here, so there is no commit to wait for.
        render_report_pdf.enqueue(version.pk)
    return ReportVersion.objects.select_related("report").defer("html").get(pk=version.pk)


def report_versions_render_missing_pdfs() -> tuple[int, int]:
    """Render the PDF of every published version that has none; returns (rendered, failed)."""
    rendered = failed = 0
    for version in selectors.versions_without_pdf():
        try:
            report_version_render_pdf(version=version)
        except Exception:  # one broken version must not stop the others; the next run retries it
            logger.exception("Rendering the PDF of report version %s failed", version.pk)
            failed += 1
        else:
            rendered += 1
    return rendered, failed


def report_version_publish_files(*, version: ReportVersion) -> ReportVersion:
    """Copy the stored files of a published version to the public folder under content-hashed names
    (core.published), once, and store its pages again so that they link to the copies.

    Only versions exist as published, and a version is never withdrawn nor rewritten: what is copied
    there stays public and unchanged for good. Nothing happens when uploaded files are on shared
    storage (the views send the files, as before)."""
    if not publishing_available():
        return version
    with transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update(of=("self",))
            .select_related("report")
            .defer("html", "figures", "narrative")
            .get(pk=version.pk)
        )
        public = dict(version.public_files)
        for field in VERSION_FILES:
            stored = getattr(version, field)
            if field in public or not stored or not stored.storage.exists(stored.name):
                continue
            with stored.open("rb") as handle:
                content = handle.read()
            public[field] = publish(
                content,
                folder=f"relazioni/{version.report.year}/v{version.number}",
                name=version.download_name(field),
            )
        if public == version.public_files:
            return version
        version.public_files = public
        version.save(update_fields=["public_files"])
        # The stored pages linked the portal's URLs of the files: stored again with the copies' URLs.
        version.pages.all().delete()
        report_version_store_pages(version=version)
    return version


def report_versions_publish_missing_files() -> int:
    """Publish the files of every version that has stored files without their public copy (versions
    published before the copies existed, or whose task was interrupted); returns how many."""
    published = 0
    for version in selectors.versions_with_unpublished_files():
        if report_version_publish_files(version=version).public_files != version.public_files:
            published += 1
    return published


def report_version_store_data(*, version: ReportVersion) -> ReportVersion:
    """Store the open data of a published version (CSV, CSV for Excel, organisations, JSON), once."""
    from reports import opendata
    from reports.pdf import document_title

    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
        if version.data_csv:
            return version
        year, number, figures = version.report.year, version.number, version.figures
        files = {
            "data_csv": ("indicatori.csv", opendata.indicators_csv(figures, year=year, version=number)),
            "data_csv_excel": (
                "indicatori-excel.csv",
                opendata.indicators_csv(figures, year=year, version=number, excel=True),
            ),
            "organisations_csv": (
                "organizzazioni.csv",
                opendata.organisations_csv(figures, year=year, version=number),
            ),
            "data_json": (
                "dati.json",
                opendata.figures_json(
                    figures,
                    year=year,
                    version=number,
                    published_at=version.published_at.isoformat(),
                    title=document_title(year),
                ),
            ),
        }
        for field_name, (filename, text) in files.items():
            getattr(version, field_name).save(filename, ContentFile(text.encode("utf-8")), save=False)
        version.save(update_fields=list(files))
    return version
