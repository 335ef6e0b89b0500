"""Writes on sessions and lessons: creation, changes, status transitions with history rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from members.models import User
from training.models import (
    Audience,
    Lesson,
    RegistrationStatus,
    SessionStatus,
    SessionStatusChange,
    TrainingSession,
)
from training.services.common import TrainingError, validate
from training.services.registrations import ACTIVE_REGISTRATION, promote_waiting

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
            for registration in locked.registrations.filter(status__in=ACTIVE_REGISTRATION):
                email_enqueue(
                    to=registration.email,
                    subject=_("Training session cancelled: %(title)s") % {"title": locked.title},
                    template="training/emails/session_cancelled",
                    context={"registration": registration, "session": locked, "reason": reason},
                    dedup_key=f"training-session-cancelled-{registration.pk}",
                )
    return locked


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
        lesson = lesson or Lesson(session=session)
        lesson.starts_at, lesson.ends_at = starts_at, ends_at
        lesson.place, lesson.online_url = place, online_url
        validate(lesson)
        lesson.save()
    return lesson


def lesson_delete(*, lesson: Lesson, by: User) -> None:
    """Remove a lesson that has no attendance recorded."""
    with transaction.atomic():
        if lesson.attendances.exists():
            raise TrainingError(_("Attendance was recorded for this lesson: it cannot be removed."))
        lesson.delete()
