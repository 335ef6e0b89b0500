"""Users, roles, organisations, municipal services and the reference data they use.

Statuses are TextChoices; every change of an organisation's status is a MembershipEvent row, so that
"who was a member on date D" is answered from history, never from the current status alone.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.it import codicefiscale

from core.models import StatusChange, TimeStampedModel


class UserManager(DjangoUserManager):
    """Manager for a user model whose login is the e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("The e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def validate_person_fiscal_code(value: str) -> None:
    """A person's 16-character fiscal code in capitals, check character included."""
    if value != value.upper() or len(value) != 16 or not codicefiscale.is_valid(value):
        raise ValidationError(
            _("This 16-character fiscal code is not valid: check the letters and digits."), code="invalid"
        )


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The person's fiscal code, the key of a digital identity (SPID, CIE): set by staff, by the first
    # sign-in with an identity (members.services.identity), or declared by the representative on the join
    # form (members.services.joining). A declared code is not proven until an identity confirms it
    # (identity_linked_at stays empty until then).
    fiscal_code = models.CharField(
        _("personal fiscal code"),
        max_length=16,
        blank=True,
        default="",
        validators=[validate_person_fiscal_code],
        help_text=_("16 characters: the key of the person's SPID or CIE identity."),
    )
    # Set while a digital identity is linked: name and surname then come from the identity.
    identity_linked_at = models.DateTimeField(_("digital identity linked on"), null=True, blank=True)
    identity_provider = models.CharField(
        _("digital identity provider"), max_length=80, blank=True, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
            models.UniqueConstraint(
                fields=["fiscal_code"],
                condition=~Q(fiscal_code=""),
                name="user_fiscal_code_unique",
                violation_error_message=_("Another account already has this fiscal code."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class ReferenceData(models.Model):
    """Staff-editable lists (sectors, themes, legal forms, areas): never deleted, only deactivated."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Theme(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Area(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("area of the municipality")
        verbose_name_plural = _("areas of the municipality")


class LegalForm(ReferenceData):
    is_public = models.BooleanField(
        _("public body"), help_text=_("Public or private is derived from the legal form.")
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    NEEDS_INFO = "needs_info", _("More information requested")
    ACTIVE = "active", _("Member")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    legal_form = models.ForeignKey(
        LegalForm, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("legal form")
    )
    fiscal_code = models.CharField(_("fiscal code"), max_length=16, unique=True)
    vat_number = models.CharField(_("VAT number"), max_length=11, blank=True)
    runts_number = models.CharField(_("RUNTS number"), max_length=30, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="organisations", verbose_name=_("sectors"))
    themes = models.ManyToManyField(Theme, related_name="organisations", blank=True, verbose_name=_("themes"))
    address = models.CharField(_("address"), max_length=250, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    pec = models.EmailField(_("certified e-mail (PEC)"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    directory_consent = models.BooleanField(
        _("appears in the public directory"),
        default=True,
        help_text=_("The organisation agrees to be listed in the public directory with its public contacts."),
    )
    resources_public = models.BooleanField(_("resources shown on the public profile"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OrganisationStatus, default=OrganisationStatus.PENDING
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_body(self) -> bool:
        return self.legal_form.is_public

    @property
    def is_member(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    @property
    def info_requested(self) -> bool:
        return self.status == OrganisationStatus.NEEDS_INFO

    @property
    def takes_part(self) -> bool:
        """Still part of the table, or on its way in (neither withdrawn nor rejected): it may invite
        delegates."""
        return self.status not in (OrganisationStatus.WITHDRAWN, OrganisationStatus.REJECTED)

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names)."""
        return {
            OrganisationStatus.ACTIVE: "success",
            OrganisationStatus.PENDING: "warning",
            OrganisationStatus.NEEDS_INFO: "warning",
            OrganisationStatus.SUSPENDED: "danger",
        }.get(self.status, "secondary")


class MembershipEvent(StatusChange):
    """One change of an organisation's status: the history the annual report counts."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="events", verbose_name=_("organisation")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=OrganisationStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=OrganisationStatus)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_status or '-'} -> {self.to_status}"


class OrganisationProfileRecord(models.Model):
    """The profile fields the annual report breaks down by (legal form, area, sectors) from a moment on.

    A row is written when an organisation is created and whenever one of these fields changes, so the
    report can say what the profile was on 31 December of any year.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="profile_records", verbose_name=_("organisation")
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now, db_index=True)
    legal_form = models.ForeignKey(
        LegalForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal form")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    sectors = models.ManyToManyField(Sector, related_name="+", verbose_name=_("sectors"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("organisation profile record")
        verbose_name_plural = _("organisation profile records")
        ordering = ["valid_from", "pk"]
        indexes = [models.Index(fields=["organisation", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.valid_from:%Y-%m-%d})"


class Representative(TimeStampedModel):
    """A person who acts for an organisation; the history of who represented whom is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="representations",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("organisation"),
    )
    role_in_organisation = models.CharField(_("role in the organisation"), max_length=120, blank=True)
    is_primary = models.BooleanField(_("primary representative"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["-is_primary", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(is_active=True),
                name="representative_active_unique",
                violation_error_message=_("This person already represents this organisation."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_active=True, is_primary=True),
                name="representative_one_primary",
                violation_error_message=_("The organisation already has a primary representative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class MunicipalService(TimeStampedModel):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    office = models.CharField(_("office"), max_length=250, blank=True)
    competences = models.ManyToManyField(
        Theme, related_name="services", blank=True, verbose_name=_("competences")
    )
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="municipal_services",
        blank=True,
        verbose_name=_("referents"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("municipal service")
        verbose_name_plural = _("municipal services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegulationVersion(TimeStampedModel):
    """A version of the table's shared rules; the one in force is the latest already effective."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Paragraphs separated by a blank line; lines starting with '## ' are headings."),
    )
    effective_from = models.DateField(_("in force from"))
    approved_by = models.CharField(_("approved by"), max_length=250, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    # Set only by the staff page's publication (members.services.regulation_publish): the versions
    # published that way ask every representative to accept them at their next sign-in.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("version of the rules")
        verbose_name_plural = _("versions of the rules")
        ordering = ["-effective_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class ConsentKind(models.TextChoices):
    REGULATION = "regulation", _("Rules of the table")
    PRIVACY = "privacy", _("Privacy notice")
    DIRECTORY = "directory", _("Listing in the public directory")


class Consent(models.Model):
    """An acceptance of a document, with the version accepted: never edited, only added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consents",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind)
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class ResourceKind(models.TextChoices):
    SPACE = "space", _("Space (room, hall, kitchen)")
    VOLUNTEERS = "volunteers", _("Volunteers and skills")
    EQUIPMENT = "equipment", _("Vehicles and equipment")
    SERVICE = "service", _("Services and professional competences")


class Resource(TimeStampedModel):
    """Something an organisation makes available to the network."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="resources", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    availability = models.CharField(_("availability"), max_length=250, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, help_text=_("E.g. number of volunteers, seats or vehicles.")
    )
    themes = models.ManyToManyField(Theme, related_name="resources", blank=True, verbose_name=_("themes"))
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("area"),
    )
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class ResourceAvailability(models.Model):
    """From this moment the resource is available to the network (or no longer is): its history."""

    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="availability_changes", verbose_name=_("resource")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    available = models.BooleanField(_("available"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("resource availability change")
        verbose_name_plural = _("resource availability changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["resource", "at"])]

    def __str__(self) -> str:
        return f"{self.resource}: {self.available} ({self.at:%Y-%m-%d})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ProfileChangeRequest(TimeStampedModel):
    """A change of fiscal code or legal form asked by a representative: it waits for staff review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="change_requests", verbose_name=_("organisation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    fiscal_code = models.CharField(_("new fiscal code"), max_length=16, blank=True)
    legal_form = models.ForeignKey(
        LegalForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new legal form"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(fiscal_code="") | Q(legal_form__isnull=False),
                name="change_request_not_empty",
                violation_error_message=_("Change at least one field."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="change_request_one_pending",
                violation_error_message=_("A change request is already waiting for the office."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"


class RepresentationRequest(TimeStampedModel):
    """Someone asks to become an additional representative of an organisation that already exists."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="representation_requests",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("user"),
    )
    role_in_organisation = models.CharField(_("role in the organisation"), max_length=120)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to represent an organisation")
        verbose_name_plural = _("requests to represent an organisation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="representation_request_one_pending",
                violation_error_message=_("A request to represent this organisation is already waiting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} -> {self.organisation}"


class DelegateInvitation(TimeStampedModel):
    """An e-mail invitation to act as a delegate; the link is signed and expires (see services)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail"))
    role_in_organisation = models.CharField(_("role in the organisation"), max_length=120, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegate invitation")
        verbose_name_plural = _("delegate invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.organisation})"
