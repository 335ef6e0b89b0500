"""Writes on sessions and lessons: creation, changes, status transitions with history rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from members.models import User
from training.ical import session_calendar
from training.models import (
    Audience,
    Lesson,
    RegistrationStatus,
    SessionStatus,
    SessionStatusChange,
    TrainingSession,
)
from training.services.common import TrainingError, validate
from training.services.registrations import ACTIVE_REGISTRATION, participant_link, promote_waiting

# A change to one of these sends the lesson's new version to the people registered.
LESSON_CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")

# Which status may follow which: a held or cancelled session is final.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    SessionStatus.DRAFT: {SessionStatus.OPEN, SessionStatus.CANCELLED},
    SessionStatus.OPEN: {SessionStatus.CLOSED, SessionStatus.CANCELLED},
    SessionStatus.CLOSED: {SessionStatus.OPEN, SessionStatus.HELD, SessionStatus.CANCELLED},
    SessionStatus.HELD: set(),
    SessionStatus.CANCELLED: set(),
}


def session_create(
    *,
    by: User,
    title: str,
    description: str,
    trainers: str,
    capacity: int,
    registration_opens_at: dt.datetime,
    registration_closes_at: dt.datetime,
    audience: str,
    sectors: Iterable = (),
    themes: Iterable = (),
) -> TrainingSession:
    """Create a session as a draft, recording who created it."""
    with transaction.atomic():
        session = TrainingSession(
            title=title,
            description=description,
            trainers=trainers,
            capacity=capacity,
            registration_opens_at=registration_opens_at,
            registration_closes_at=registration_closes_at,
            audience=audience,
            status=SessionStatus.DRAFT,
            created_by=by,
        )
        validate(session)
        session.save()
        _set_targets(session, audience=audience, sectors=sectors, themes=themes)
        SessionStatusChange.objects.create(
            session=session, from_status="", to_status=SessionStatus.DRAFT, by=by
        )
    return session


def _set_targets(session: TrainingSession, *, audience: str, sectors: Iterable, themes: Iterable) -> None:
    sectors, themes = list(sectors), list(themes)
    if audience == Audience.SECTORS and not sectors:
        raise TrainingError(_("Choose at least one sector for a session aimed at given sectors."))
    if audience == Audience.THEMES and not themes:
        raise TrainingError(_("Choose at least one theme for a session aimed at given themes."))
    session.sectors.set(sectors if audience == Audience.SECTORS else [])
    session.themes.set(themes if audience == Audience.THEMES else [])


def session_update(
    *, session: TrainingSession, by: User, sectors: Iterable = (), themes: Iterable = (), **fields
) -> TrainingSession:
    """Change a session's details; more places promote people from the waiting list."""
    if "edit" not in session.allowed_actions(manager=True):
        raise TrainingError(_("A session that was held or cancelled can no longer be changed."))
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        validate(locked)
        confirmed = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if locked.capacity < confirmed:
            raise TrainingError(
                _("%(count)d people are already confirmed: the places cannot be fewer.")
                % {"count": confirmed}
            )
        locked.save()
        _set_targets(locked, audience=locked.audience, sectors=sectors, themes=themes)
        promote_waiting(locked, by=by)
    return locked


def session_set_status(
    *, session: TrainingSession, to_status: str, by: User, reason: str = ""
) -> TrainingSession:
    """Move a session along its life (open, close, held, cancelled), writing the history row."""
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if to_status not in ALLOWED_TRANSITIONS.get(locked.status, set()):
            raise TrainingError(
                _("A session that is “%(current)s” cannot become “%(new)s”.")
                % {"current": locked.get_status_display(), "new": SessionStatus(to_status).label}
            )
        if to_status == SessionStatus.OPEN and not locked.lessons.exists():
            raise TrainingError(_("Add at least one lesson before opening registrations."))
        if to_status == SessionStatus.HELD and locked.lessons.filter(ends_at__gt=timezone.now()).exists():
            raise TrainingError(_("The session cannot be marked as held before its last lesson ends."))
        SessionStatusChange.objects.create(
            session=locked, from_status=locked.status, to_status=to_status, by=by, reason=reason
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        if to_status == SessionStatus.CANCELLED:
            # Every lesson's event is cancelled: a new revision that calendars replace the old one with.
            locked.lessons.update(ics_sequence=F("ics_sequence") + 1, updated_at=timezone.now())
            ics = session_calendar(TrainingSession.objects.prefetch_related("lessons").get(pk=locked.pk))
            for registration in locked.registrations.filter(status__in=ACTIVE_REGISTRATION):
                # Only confirmed people were sent the lessons' events; the waiting list has none to cancel.
                confirmed = registration.status == RegistrationStatus.CONFIRMED
                email_enqueue(
                    to=registration.email,
                    subject=_("Training session cancelled: %(title)s") % {"title": locked.title},
                    template="training/emails/session_cancelled",
                    context={"registration": registration, "session": locked, "reason": reason},
                    dedup_key=f"training-session-cancelled-{registration.pk}",
                    calendar=(f"formazione-{locked.pk}.ics", ics, "PUBLISH") if confirmed else None,
                )
    return locked


def _send_lesson_change(session: TrainingSession, *, revision: str, removed: Lesson | None = None) -> None:
    """Send the session's lessons as they are now to everyone confirmed, like a meeting update."""
    session = TrainingSession.objects.prefetch_related("lessons").get(pk=session.pk)
    ics = session_calendar(session, removed=removed)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Change to the training session: %(title)s") % {"title": session.title}
    for registration in session.registrations.filter(status=RegistrationStatus.CONFIRMED):
        email_enqueue(
            to=registration.email,
            subject=subject,
            template="training/emails/session_changed",
            context={
                "registration": registration,
                "session": session,
                "lessons": list(session.lessons.all()),
                "removed": removed,
                "link": participant_link(registration),
            },
            dedup_key=f"training-lesson-{revision}-{registration.pk}",
            calendar=(f"formazione-{session.pk}.ics", ics, "PUBLISH"),
        )


def lesson_save(
    *,
    session: TrainingSession,
    by: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    lesson: Lesson | None = None,
) -> Lesson:
    """Add or change a lesson of a session that has not been held yet."""
    if "edit_lessons" not in session.allowed_actions(manager=True):
        raise TrainingError(_("A session that was held or cancelled can no longer be changed."))
    if not place and not online_url:
        raise TrainingError(_("Give a place, an online link or both."))
    with transaction.atomic():
        is_new = lesson is None
        lesson = lesson or Lesson(session=session)
        # Read from the database: a ModelForm has already copied the new values onto the instance.
        before = (
            None
            if is_new
            else Lesson.objects.select_for_update().values_list(*LESSON_CALENDAR_FIELDS).get(pk=lesson.pk)
        )
        lesson.starts_at, lesson.ends_at = starts_at, ends_at
        lesson.place, lesson.online_url = place, online_url
        changed = before != tuple(getattr(lesson, field) for field in LESSON_CALENDAR_FIELDS)
        announce = changed and session.status != SessionStatus.DRAFT
        if announce and not is_new:
            lesson.ics_sequence += 1
        validate(lesson)
        lesson.save()
        if announce:
            _send_lesson_change(session, revision=f"{lesson.pk}-{lesson.ics_sequence}")
    return lesson


def lesson_delete(*, lesson: Lesson, by: User) -> None:
    """Remove a lesson that has no attendance recorded."""
    with transaction.atomic():
        if lesson.attendances.exists():
            raise TrainingError(_("Attendance was recorded for this lesson: it cannot be removed."))
        session = lesson.session
        removed_pk = lesson.pk
        lesson.delete()
        if session.status != SessionStatus.DRAFT:
            # The removed lesson's event goes out once more, cancelled, so calendars drop it.
            lesson.pk = removed_pk
            lesson.ics_sequence += 1
            _send_lesson_change(session, revision=f"{removed_pk}-removed", removed=lesson)
