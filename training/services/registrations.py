"""Registrations: capacity, waiting list in order, e-mail verification for non-members, cancellation
with promotion. Every write locks the session row first, so that places are never overbooked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from core.notifications import notify
from members import selectors as member_selectors
from members.models import Organisation, OrganisationStatus, User
from members.roles import can
from training import email_kinds
from training.ical import session_calendar
from training.models import (
    Audience,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)
from training.services.common import Person, TrainingError

ACTIVE_REGISTRATION = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def organisation_may_register(*, organisation: Organisation, session: TrainingSession) -> bool:
    """Whether the session's audience includes this organisation."""
    if organisation.status != OrganisationStatus.ACTIVE:
        return False
    if session.audience == Audience.SECTORS:
        return organisation.sectors.filter(pk__in=session.sectors.values("pk")).exists()
    if session.audience == Audience.THEMES:
        return organisation.themes.filter(pk__in=session.themes.values("pk")).exists()
    return True


def _log(registration: Registration, from_status: str, by: User | None, reason: str = "") -> None:
    RegistrationEvent.objects.create(
        registration=registration,
        from_status=from_status,
        to_status=registration.status,
        by=by,
        reason=reason,
    )


def _queue(session: TrainingSession, registration: Registration, *, now: dt.datetime) -> None:
    """Give a verified registration a place, or the next place on the waiting list (session locked)."""
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    registration.queued_at = now
    if confirmed < session.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITING


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk),
        session_id=registration.session_id,
        status=RegistrationStatus.WAITING,
    ).count()
    return ahead + 1


def _notify_queued(registration: Registration, session: TrainingSession) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        _send_confirmation(registration, session, key="confirmed")
    else:
        email_enqueue(
            to=registration.email,
            subject=_("Waiting list: %(title)s") % {"title": session.title},
            template="training/emails/registration_waiting",
            context={
                "registration": registration,
                "session": session,
                "position": waiting_position(registration),
                "link": participant_link(registration),
            },
            dedup_key=f"training-waiting-{registration.pk}",
        )


def participant_link(registration: Registration) -> str:
    return f"{settings.SITE_URL}{registration.get_participant_url()}"


def _send_confirmation(registration: Registration, session: TrainingSession, *, key: str) -> None:
    session = TrainingSession.objects.prefetch_related("lessons").get(pk=session.pk)
    promoted = key == "promoted"
    subject = (
        _("A place is now yours: %(title)s") if promoted else _("Registration confirmed: %(title)s")
    ) % {"title": session.title}
    email_enqueue(
        to=registration.email,
        subject=subject,
        template="training/emails/registration_confirmed",
        context={
            "registration": registration,
            "session": session,
            "lessons": list(session.lessons.all()),
            "promoted": promoted,
            "link": participant_link(registration),
        },
        dedup_key=f"training-{key}-{registration.pk}",
        calendar=(f"formazione-{session.pk}.ics", session_calendar(session), "PUBLISH"),
    )


def _create_registration(session: TrainingSession, registration: Registration) -> Registration:
    _validate_person(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise TrainingError(
            _("%(email)s is already registered to this session.") % {"email": registration.email}
        ) from None
    return registration


def _validate_person(registration: Registration) -> None:
    try:
        registration.full_clean(exclude=["session", "token"], validate_constraints=False)
    except ValidationError as exc:
        raise TrainingError(" ".join(exc.messages)) from exc


def registration_create(
    *, session: TrainingSession, people: Sequence[Person], organisation: Organisation, by: User
) -> list[Registration]:
    """A representative registers people of its organisation: confirmed while places last, then waiting.

    The session row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers), and the confirmed count is read inside the same transaction: never overbooked.
    """
    if not people:
        raise TrainingError(_("Add at least one person."))
    emails = [p.email.strip().lower() for p in people]
    if len(set(emails)) != len(emails):
        raise TrainingError(_("The same e-mail address appears twice."))
    now = timezone.now()
    created: list[Registration] = []
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if "register" not in locked.allowed_actions(now=now):
            raise TrainingError(_("Registrations for this session are not open."))
        if not organisation_may_register(organisation=organisation, session=locked):
            raise TrainingError(_("This session is not open to your organisation."))
        for person in people:
            registration = Registration(
                session=locked,
                organisation=organisation,
                registered_by=by,
                first_name=person.first_name.strip(),
                last_name=person.last_name.strip(),
                email=person.email.strip().lower(),
                role=person.role.strip(),
            )
            _queue(locked, registration, now=now)
            _create_registration(locked, registration)
            _log(registration, "", by)
            created.append(registration)
        for registration in created:
            _notify_queued(registration, locked)
    return created


def registration_create_public(
    *, session: TrainingSession, person: Person, organisation_name: str = ""
) -> Registration:
    """Someone without an account registers to an open session; a place counts after e-mail verification."""
    now = timezone.now()
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not locked.is_public:
            raise TrainingError(_("This session is reserved to member organisations."))
        if "register" not in locked.allowed_actions(now=now):
            raise TrainingError(_("Registrations for this session are not open."))
        registration = Registration(
            session=locked,
            organisation_name=organisation_name.strip(),
            first_name=person.first_name.strip(),
            last_name=person.last_name.strip(),
            email=person.email.strip().lower(),
            role=person.role.strip(),
            status=RegistrationStatus.PENDING,
        )
        _create_registration(locked, registration)
        _log(registration, "", None)
        email_enqueue(
            to=registration.email,
            subject=_("Confirm your registration: %(title)s") % {"title": locked.title},
            template="training/emails/verify_email",
            context={
                "registration": registration,
                "session": locked,
                "link": f"{settings.SITE_URL}{registration.get_participant_url()}conferma/",
            },
            dedup_key=f"training-verify-{registration.pk}",
        )
    return registration


def registration_verify(*, registration: Registration) -> Registration:
    """The e-mail link was followed: the registration takes a place or joins the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration  # a second click changes nothing
        if session.status in (SessionStatus.CANCELLED, SessionStatus.HELD):
            raise TrainingError(_("This session is no longer taking registrations."))
        _queue(session, registration, now=now)
        registration.save(update_fields=["status", "queued_at", "confirmed_at", "updated_at"])
        _log(registration, RegistrationStatus.PENDING, None)
        _notify_queued(registration, session)
    return registration


def registration_cancel(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """Cancel a registration (representative, staff or the participant's link); a freed place is
    given to the first on the waiting list, who is told by e-mail. Staff say why: the participant is
    told, with the reason, by e-mail and in the reserved area of their account, if they have one."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.session = session
        manager = by is not None and can(by, "manage_training")
        if manager and not reason.strip():
            raise TrainingError(
                _("Write why the registration is cancelled: the participant reads it in the e-mail.")
            )
        if "cancel" not in registration.allowed_actions(manager=manager):
            if registration.status == RegistrationStatus.CANCELLED:
                raise TrainingError(_("This registration was already cancelled."))
            if session.status in (SessionStatus.HELD, SessionStatus.CANCELLED):
                raise TrainingError(_("The session is over: the registration can no longer be cancelled."))
            raise TrainingError(
                _("The session has already started: the registration can no longer be cancelled.")
            )
        previous = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _log(registration, previous, by, reason=reason.strip())
        if manager:
            _tell_participant_cancelled(registration, session, reason=reason.strip())
        if previous == RegistrationStatus.CONFIRMED:
            promote_waiting(session, by=by)
    return registration


def _tell_participant_cancelled(registration: Registration, session: TrainingSession, *, reason: str) -> None:
    """The office cancelled a registration: the participant is told why (e-mail), and in the reserved
    area their account, if any, and the representative who registered them."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registration cancelled: %(title)s") % {"title": session.title}
        text = _("The office cancelled the registration of %(name)s to the training session “%(title)s”") % {
            "name": registration.full_name,
            "title": session.title,
        }
    email_enqueue(
        to=registration.email,
        subject=subject,
        template="training/emails/registration_cancelled",
        context={"registration": registration, "session": session, "reason": reason},
        dedup_key=f"training-cancelled-by-office-{registration.pk}",
        kind=email_kinds.REGISTRATION,
    )
    told = [*member_selectors.accounts_with_email(registration.email)]
    if registration.registered_by is not None:
        told.append(registration.registered_by)
    notify(
        recipients=told,
        kind=email_kinds.REGISTRATION,
        text=text,
        url=reverse("training:detail", args=[session.pk]),
        key=f"training-registration:{registration.pk}:cancelled",
    )


def promote_waiting(session: TrainingSession, *, by: User | None) -> list[Registration]:
    """Fill free places from the waiting list in order (the session row is locked by the caller)."""
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    free = session.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        session.registrations.filter(status=RegistrationStatus.WAITING).order_by("queued_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        _log(registration, RegistrationStatus.WAITING, by)
        _send_confirmation(registration, session, key="promoted")
    return promoted


def registrations_release_for_organisation(organisation: Organisation) -> list[Registration]:
    """An organisation stopped being a member (suspension, withdrawal): its people's registrations to
    courses reserved to members are cancelled while they still can be, each through
    `registration_cancel`, so the freed places go to the next people on the waiting list, who are told.

    Its waiting registrations go first, so that none of its own people is promoted on the way.
    Courses open to the public keep them (anyone may attend those). Called through the
    `left_membership` provider point, inside the transaction of the status change.
    """
    now = timezone.now()
    registrations = (
        Registration.objects.filter(organisation=organisation, status__in=ACTIVE_REGISTRATION)
        .exclude(session__audience=Audience.PUBLIC)
        .select_related("session")
        .order_by("pk")
    )
    ordered = sorted(registrations, key=lambda r: r.status != RegistrationStatus.WAITING)
    released = []
    for registration in ordered:
        if "cancel" not in registration.allowed_actions(now=now):
            continue  # the course has started: the registration stays in its history as it is
        released.append(registration_cancel(registration=registration, by=None))
    return released
