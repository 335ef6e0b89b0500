"""Training sessions, their lessons, registrations, attendance, certificates and feedback.

Statuses are TextChoices; every change of a session's or a registration's status is a history row,
so that the annual report and the staff pages read what happened, not only what is now.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import StatusChange, TimeStampedModel
from members.models import Organisation, Sector, Theme

# Crockford's base32 without I, L, O, U: codes read aloud or typed from paper do not get confused.
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 10


def new_registration_token() -> str:
    return secrets.token_urlsafe(24)


def new_certificate_code() -> str:
    return "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


def normalise_certificate_code(raw: str) -> str:
    """Accept what a person types: lower case, dashes, spaces, O for 0 and I/L for 1."""
    cleaned = "".join(raw.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Registrations open")
    CLOSED = "closed", _("Registrations closed")
    HELD = "held", pgettext_lazy("training session", "Held")
    CANCELLED = "cancelled", pgettext_lazy("training session", "Cancelled")


class Audience(models.TextChoices):
    MEMBERS = "members", _("All member organisations")
    SECTORS = "sectors", _("Member organisations of given sectors")
    THEMES = "themes", _("Member organisations working on given themes")
    PUBLIC = "public", _("Open to anyone interested")


class TrainingSession(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    trainers = models.TextField(_("trainers"), help_text=_("One per line, with their role."))
    capacity = models.PositiveIntegerField(_("places"), help_text=_("Maximum number of participants."))
    registration_opens_at = models.DateTimeField(_("registrations open on"))
    registration_closes_at = models.DateTimeField(_("registrations close on"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience, default=Audience.MEMBERS)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="training_sessions", verbose_name=_("sectors")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="training_sessions", verbose_name=_("themes")
    )
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus, default=SessionStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-registration_opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="training_session_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="training_session_registration_window",
                violation_error_message=_("Registrations must close after they open."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def audience_sectors(self) -> bool:
        return self.audience == Audience.SECTORS

    @property
    def audience_themes(self) -> bool:
        return self.audience == Audience.THEMES

    @property
    def is_held(self) -> bool:
        return self.status == SessionStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    # --- what may be done now: one rule, from the status and the clock --------------------------

    @staticmethod
    def open_for_registration(now: dt.datetime) -> Q:
        """The same rule as `registration_is_open`, as a query filter (lists of open sessions)."""
        return Q(status=SessionStatus.OPEN, registration_opens_at__lte=now, registration_closes_at__gt=now)

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        """Open status and inside the registration window: the badge, the forms, the services and
        the e-mails all ask this."""
        now = now or timezone.now()
        return (
            self.status == SessionStatus.OPEN
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    def first_lesson_at(self) -> dt.datetime | None:
        """When the first lesson starts (the selectors' `starts_at` annotation when present)."""
        if "starts_at" in self.__dict__:
            return self.__dict__["starts_at"]
        starts = [lesson.starts_at for lesson in self.lessons.all()]
        return min(starts) if starts else None

    def has_started(self, now: dt.datetime | None = None) -> bool:
        first = self.first_lesson_at()
        return first is not None and first <= (now or timezone.now())

    def allowed_actions(self, *, manager: bool = False, now: dt.datetime | None = None) -> frozenset[str]:
        """What may be done to the session now. `manager`: the user runs the training."""
        actions: set[str] = set()
        if self.registration_is_open(now):
            actions.add("register")
        # Registrations are cancelled by participants and representatives until the first lesson
        # starts, by staff until the session is held.
        before_the_end = self.status in (SessionStatus.DRAFT, SessionStatus.OPEN, SessionStatus.CLOSED)
        if before_the_end and (manager or not self.has_started(now)):
            actions.add("cancel_registrations")
        if manager:
            if self.status not in (SessionStatus.HELD, SessionStatus.CANCELLED):
                actions |= {"edit", "edit_lessons"}
            if self.status != SessionStatus.DRAFT:
                actions.add("see_public_page")
            if self.status == SessionStatus.HELD:
                actions.add("issue_certificates")
        return frozenset(actions)

    @property
    def actions(self) -> frozenset[str]:
        """`allowed_actions()` for a visitor, now (for templates)."""
        return self.allowed_actions()

    @property
    def status_label(self) -> str:
        """The status as a visitor reads it now: an open session whose window closed is closed."""
        if self.status == SessionStatus.OPEN and not self.registration_is_open():
            if timezone.now() < self.registration_opens_at:
                return str(_("Registrations not open yet"))
            return str(SessionStatus.CLOSED.label)
        return str(self.get_status_display())

    @property
    def badge(self) -> str:
        """The colour of the status badge (Bootstrap Italia's bg-* names), from the same rule."""
        if self.registration_is_open():
            return "success"
        colours = {SessionStatus.CANCELLED: "danger", SessionStatus.DRAFT: "secondary"}
        return colours.get(self.status, "primary")

    @property
    def shows_places(self) -> bool:
        """Places are worth showing while registrations are or were taken."""
        return self.status in (SessionStatus.OPEN, SessionStatus.CLOSED)

    @property
    def seats_left(self) -> int:
        """Places still free; needs the `confirmed_count` annotation of the selectors."""
        return max(self.capacity - self.confirmed_count, 0)

    def total_hours(self) -> Decimal:
        """Sum of the lessons' hours (uses the prefetched lessons when there are any)."""
        return sum((lesson.hours for lesson in self.lessons.all()), Decimal("0"))


class SessionStatusChange(StatusChange):
    """One change of a session's status: who, when, from, to, why."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("session")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=SessionStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SessionStatus)

    class Meta:
        verbose_name = _("status change of a training session")
        verbose_name_plural = _("status changes of training sessions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.from_status or '-'} -> {self.to_status}"


class Lesson(TimeStampedModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("session")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # iCalendar SEQUENCE of the lesson's event: raised with each change sent to the registered people.
    ics_sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="training_lesson_ends_after_start",
                violation_error_message=_("The lesson must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.session.title} - {local:%d/%m/%Y %H:%M}"

    @property
    def hours(self) -> Decimal:
        return self.hours_between(self.starts_at, self.ends_at)

    @staticmethod
    def hours_between(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
        """A lesson's length in hours, to the hundredth (the rule of `hours`, for rows read as values)."""
        seconds = Decimal((ends_at - starts_at).total_seconds())
        return (seconds / Decimal(3600)).quantize(Decimal("0.01"))


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting e-mail verification")
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class Registration(TimeStampedModel):
    """One person registered to a session, by a representative or (open sessions) by themselves."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_registrations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(
        _("organisation (as written)"),
        max_length=200,
        blank=True,
        help_text=_("For people who are not registered by a member organisation."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_registrations_made",
        verbose_name=_("registered by"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus, default=RegistrationStatus.PENDING
    )
    # When the registration joined the queue (confirmed or waiting): the waiting list's order.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_registration_token, editable=False
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "session",
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="training_registration_one_per_email",
                violation_error_message=_("This person is already registered to this session."),
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.session})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def get_participant_url(self) -> str:
        return reverse("training:participant", args=[self.token])

    def allowed_actions(self, *, manager: bool = False, now: dt.datetime | None = None) -> frozenset[str]:
        """What may be done to the registration now: the participant, its representative or staff
        (`manager`). A registration can be cancelled until the first lesson starts (staff: until
        the session is held)."""
        now = now or timezone.now()
        session = self.session
        actions: set[str] = set()
        if self.status == RegistrationStatus.PENDING:
            actions.add("verify")
        if self.status != RegistrationStatus.CANCELLED and self._session_cancellable(manager, now):
            actions.add("cancel")
        if self.status == RegistrationStatus.CONFIRMED and session.status == SessionStatus.HELD:
            actions.add("give_feedback")
        return frozenset(actions)

    def _session_cancellable(self, manager: bool, now: dt.datetime) -> bool:
        session = self.session
        # The registration lists annotate the first lesson's start on the registration itself.
        if "starts_at" in self.__dict__ and "starts_at" not in session.__dict__:
            session.__dict__["starts_at"] = self.__dict__["starts_at"]
        return "cancel_registrations" in session.allowed_actions(manager=manager, now=now)

    @property
    def actions(self) -> frozenset[str]:
        """`allowed_actions()` for the participant or its representative, now (for templates)."""
        return self.allowed_actions()


class RegistrationEvent(StatusChange):
    """One change of a registration's status (promotions from the waiting list included)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="events", verbose_name=_("registration")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RegistrationStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RegistrationStatus)

    class Meta:
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_status or '-'} -> {self.to_status}"


class LessonAttendance(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("lesson")
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "lesson"],
                name="training_attendance_once",
                violation_error_message=_("Attendance for this lesson is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.lesson_id}: {self.present}"


class Certificate(TimeStampedModel):
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("registration")
    )
    code = models.CharField(
        _("verification code"), max_length=CERTIFICATE_CODE_LENGTH, unique=True, default=new_certificate_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    hours_attended = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=2)
    total_hours = models.DecimalField(_("total hours"), max_digits=6, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_attended__gt=0) & Q(hours_attended__lte=F("total_hours")),
                name="training_certificate_hours_valid",
                violation_error_message=_(
                    "The hours attended must be more than zero and no more than the session's hours."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def formatted_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"

    def get_verify_url(self) -> str:
        return reverse("training:certificate_verify", args=[self.code])


class Feedback(TimeStampedModel):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("registration")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="training_feedback_rating_1_5",
                violation_error_message=_("The rating goes from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"
