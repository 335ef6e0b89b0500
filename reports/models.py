"""Initiatives (community-welfare processes) and the annual report with its published versions.

An initiative's status changes are InitiativeEvent rows. A published report is a ReportVersion whose
figures, narrative and PDF are frozen at publication: later changes to the data never alter them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange, TimeStampedModel
from core.published import published_url, publishing_available
from members.models import Area, MunicipalService, Organisation, ReferenceData, Theme


class TargetGroup(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class FundingSource(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting validation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Sent back")


class Initiative(TimeStampedModel):
    """A community-welfare process run by a member organisation with its partners."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation, related_name="partner_initiatives", blank=True, verbose_name=_("partner organisations")
    )
    services = models.ManyToManyField(
        MunicipalService,
        related_name="initiatives",
        blank=True,
        verbose_name=_("municipal services involved"),
    )
    themes = models.ManyToManyField(Theme, related_name="initiatives", verbose_name=_("themes"))
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="initiatives", verbose_name=_("target groups")
    )
    areas = models.ManyToManyField(
        Area, related_name="initiatives", verbose_name=_("areas of the municipality")
    )
    funding_sources = models.ManyToManyField(
        FundingSource, related_name="initiatives", blank=True, verbose_name=_("funding sources")
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty if ongoing."))
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus, default=InitiativeStatus.DRAFT
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["status", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="initiative_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:initiative_detail", args=[self.pk])

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names)."""
        return {
            InitiativeStatus.VALIDATED: "success",
            InitiativeStatus.SUBMITTED: "warning",
            InitiativeStatus.REJECTED: "danger",
        }.get(self.status, "secondary")

    @property
    def is_sent_back(self) -> bool:
        return self.status == InitiativeStatus.REJECTED

    def allowed_actions(self, *, manager: bool, writer: bool) -> frozenset[str]:
        """What may be done to the initiative now. `writer`: staff or a representative of the lead
        organisation; `manager`: staff. Representatives change it while it is theirs (draft or sent
        back); staff may correct it at any time."""
        if not writer:
            return frozenset()
        theirs = self.status in (InitiativeStatus.DRAFT, InitiativeStatus.REJECTED)
        actions = {"add_figures"}
        if manager or theirs:
            actions.add("edit")
        if theirs:
            actions.add("submit")
        if manager and self.status == InitiativeStatus.SUBMITTED:
            actions.add("validate")
        if manager and self.status in (InitiativeStatus.SUBMITTED, InitiativeStatus.VALIDATED):
            actions.add("send_back")
        return frozenset(actions)


class InitiativeEvent(StatusChange):
    """One change of an initiative's status (declared, submitted, validated, sent back)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="events", verbose_name=_("initiative")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=InitiativeStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=InitiativeStatus)

    class Meta:
        verbose_name = _("initiative status change")
        verbose_name_plural = _("initiative status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status or '-'} -> {self.to_status}"


class InitiativeYear(TimeStampedModel):
    """What an initiative achieved in one calendar year."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="years", verbose_name=_("initiative")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    volunteer_hours = models.PositiveIntegerField(_("volunteer hours"), default=0)
    budget = models.DecimalField(_("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("yearly figures of an initiative")
        verbose_name_plural = _("yearly figures of initiatives")
        ordering = ["initiative", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year"],
                name="initiative_year_unique",
                violation_error_message=_("The figures for this year have already been entered."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="initiative_year_plausible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.year})"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AnnualReport(TimeStampedModel):
    """The synthesis document of one year: narrative written by staff, figures computed from history."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    presentation = models.TextField(
        _("presentation by the Assessore"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line; lines starting with '## ' are headings."),
    )
    context = models.TextField(_("context"), blank=True)
    conclusions = models.TextField(_("conclusions and priorities for next year"), blank=True)
    signatory = models.CharField(
        _("Assessore who signs"),
        max_length=150,
        blank=True,
        help_text=_("Name and surname, as printed under the signature block."),
    )
    approved_on = models.DateField(
        _("date of approval"),
        null=True,
        blank=True,
        help_text=_("The day the document was approved, printed next to the signature."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="report_year_plausible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Synthesis document %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.year])


# The files of a published version: field -> (its name in /relazioni/<year>/versioni/<n>/<name>, ""
# for the PDF at /relazioni/<year>/versioni/<n>.pdf; the name a visitor saves it under).
VERSION_FILES = {
    "pdf": ("", "documento-di-sintesi-{year}-v{number}.pdf"),
    "data_csv": ("indicatori.csv", "tavolo-delle-risorse-{year}-v{number}.csv"),
    "data_csv_excel": ("indicatori-excel.csv", "tavolo-delle-risorse-{year}-v{number}-excel.csv"),
    "organisations_csv": ("organizzazioni.csv", "tavolo-delle-risorse-{year}-v{number}-organizzazioni.csv"),
    "data_json": ("dati.json", "tavolo-delle-risorse-{year}-v{number}.json"),
}


def _version_pdf_path(instance: ReportVersion, filename: str) -> str:
    return f"reports/{instance.report.year}/{instance.download_name('pdf')}"


def _version_data_path(instance: ReportVersion, filename: str) -> str:
    # filename is the data file's own name (e.g. "indicatori.csv"): one folder per version.
    return f"reports/{instance.report.year}/v{instance.number}/{filename}"


class ReportVersion(models.Model):
    """A publication of a report: figures, narrative and PDF frozen at that moment, never edited."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(_("note"), blank=True)
    figures = models.JSONField(_("figures"))
    narrative = models.JSONField(_("narrative sections"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=_version_pdf_path, blank=True)
    data_csv = models.FileField(_("figures (CSV)"), upload_to=_version_data_path, blank=True)
    data_csv_excel = models.FileField(_("figures (CSV for Excel)"), upload_to=_version_data_path, blank=True)
    organisations_csv = models.FileField(
        _("member organisations (CSV)"), upload_to=_version_data_path, blank=True
    )
    data_json = models.FileField(_("figures (JSON)"), upload_to=_version_data_path, blank=True)
    html = models.TextField(_("HTML snapshot"), blank=True)
    # Field -> path of its public copy under core.published's folder (content-hashed, never rewritten).
    public_files = models.JSONField(_("public copies"), default=dict, blank=True)

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="report_version_number_unique",
                violation_error_message=_("This version number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="report_version_number_positive",
                violation_error_message=_("The version number must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Synthesis document %(year)s, version %(number)s")
            % {"year": self.report.year, "number": self.number}
        )

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.report.year])

    def get_pdf_url(self) -> str:
        return self.links["pdf"]

    def download_name(self, field: str) -> str:
        return VERSION_FILES[field][1].format(year=self.report.year, number=self.number)

    def public_url(self, field: str) -> str:
        """The URL of the file's public copy, served without a view ("" when it has none)."""
        relative = self.public_files.get(field)
        return published_url(relative) if relative and publishing_available() else ""

    @cached_property
    def links(self) -> dict[str, str]:
        """Where the pages link each file of the version: its public copy, or the portal's URL for it
        while it has none (not rendered yet, or uploaded files on shared storage)."""
        year, number = self.report.year, self.number
        links = {}
        for field, (name, _download) in VERSION_FILES.items():
            links[field] = self.public_url(field) or (
                reverse("reports:version_data", args=[year, number, name])
                if name
                else reverse("reports:version_pdf", args=[year, number])
            )
        return links


class ReportVersionPage(models.Model):
    """The public page of a published version (its body, without the layout) rendered in one language.

    Rendered at publication, once per language, and served as it is: a published version is frozen,
    so its page never changes and never needs invalidating.
    """

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="pages", verbose_name=_("version")
    )
    language = models.CharField(_("language"), max_length=10)
    html = models.TextField(_("HTML"))
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored page of a version")
        verbose_name_plural = _("stored pages of versions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                name="report_version_page_language_unique",
                violation_error_message=_("This version's page is already stored in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language})"
