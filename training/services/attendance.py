"""Attendance per lesson, certificates over the threshold, feedback and the reminder e-mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from core.pagecache import pages_changed
from members.models import User
from training import email_kinds
from training.models import (
    Certificate,
    Feedback,
    Lesson,
    LessonAttendance,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
    new_certificate_code,
)
from training.services.common import TrainingError, validate
from training.services.registrations import participant_link


def attendance_record(*, session: TrainingSession, present: set[tuple[int, int]], by: User) -> int:
    """Store the attendance grid: `present` holds (registration pk, lesson pk) pairs; others are absent."""
    if session.status in (SessionStatus.DRAFT, SessionStatus.CANCELLED):
        raise TrainingError(_("Attendance can be recorded only for sessions that take place."))
    now = timezone.now()
    with transaction.atomic():
        registrations = list(session.registrations.filter(status=RegistrationStatus.CONFIRMED))
        lessons = list(session.lessons.filter(starts_at__lte=now))
        if not lessons:
            raise TrainingError(_("No lesson has started yet."))
        existing = {
            (a.registration_id, a.lesson_id): a
            for a in LessonAttendance.objects.filter(registration__session=session)
        }
        to_create, to_update = [], []
        for registration in registrations:
            for lesson in lessons:
                is_present = (registration.pk, lesson.pk) in present
                row = existing.get((registration.pk, lesson.pk))
                if row is None:
                    to_create.append(
                        LessonAttendance(
                            registration=registration,
                            lesson=lesson,
                            present=is_present,
                            recorded_at=now,
                            recorded_by=by,
                        )
                    )
                elif row.present != is_present:
                    row.present, row.recorded_at, row.recorded_by = is_present, now, by
                    to_update.append(row)
        LessonAttendance.objects.bulk_create(to_create)
        LessonAttendance.objects.bulk_update(to_update, ["present", "recorded_at", "recorded_by"])
        pages_changed()  # bulk writes send no signal
    return len(to_create) + len(to_update)


def hours_attended(
    registration: Registration, lessons: Sequence[Lesson], present_lessons: set[int]
) -> Decimal:
    return sum((lesson.hours for lesson in lessons if lesson.pk in present_lessons), Decimal("0"))


def is_eligible(*, attended: Decimal, total: Decimal) -> bool:
    """At least TAVOLO_CERTIFICATE_MIN_ATTENDANCE per cent of the hours (exact decimal arithmetic)."""
    if total <= 0 or attended <= 0:
        return False
    return attended * 100 >= total * settings.TAVOLO_CERTIFICATE_MIN_ATTENDANCE


def certificates_issue(*, session: TrainingSession, by: User) -> list[Certificate]:
    """Issue a certificate to every confirmed participant over the attendance threshold (once each)."""
    if "issue_certificates" not in session.allowed_actions(manager=True):
        raise TrainingError(_("Certificates are issued once the session is marked as held."))
    issued: list[Certificate] = []
    with transaction.atomic():
        lessons = list(session.lessons.all())
        total = sum((lesson.hours for lesson in lessons), Decimal("0"))
        present: dict[int, set[int]] = {}
        for reg_id, lesson_id in LessonAttendance.objects.filter(
            registration__session=session, present=True
        ).values_list("registration_id", "lesson_id"):
            present.setdefault(reg_id, set()).add(lesson_id)
        registrations = session.registrations.filter(
            status=RegistrationStatus.CONFIRMED, certificate__isnull=True
        )
        for registration in registrations:
            attended = hours_attended(registration, lessons, present.get(registration.pk, set()))
            if not is_eligible(attended=attended, total=total):
                continue
            certificate = _certificate_create(registration, attended=attended, total=total, by=by)
            issued.append(certificate)
            email_enqueue(
                to=registration.email,
                subject=_("Your certificate of attendance: %(title)s") % {"title": session.title},
                template="training/emails/certificate_issued",
                context={
                    "registration": registration,
                    "session": session,
                    "certificate": certificate,
                    "link": participant_link(registration),
                    "verify_url": f"{settings.SITE_URL}{certificate.get_verify_url()}",
                },
                dedup_key=f"training-certificate-{registration.pk}",
            )
    return issued


def _certificate_create(
    registration: Registration, *, attended: Decimal, total: Decimal, by: User
) -> Certificate:
    for _attempt in range(5):  # 32^10 codes: a clash is rare, but never a 500
        certificate = Certificate(
            registration=registration,
            code=new_certificate_code(),
            hours_attended=attended,
            total_hours=total,
            issued_by=by,
        )
        try:
            with transaction.atomic():
                certificate.save()
            return certificate
        except IntegrityError:
            continue
    raise TrainingError(_("A verification code could not be generated; try again."))


def feedback_submit(*, registration: Registration, rating: int, comment: str = "") -> Feedback:
    """A participant's evaluation of a course that was held; it can be changed, never duplicated."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise TrainingError(_("Only participants can evaluate the course."))
    if registration.session.status != SessionStatus.HELD:
        raise TrainingError(_("The course can be evaluated after it has been held."))
    with transaction.atomic():
        feedback, _created = Feedback.objects.get_or_create(
            registration=registration, defaults={"rating": rating, "comment": comment}
        )
        feedback.rating, feedback.comment = rating, comment.strip()
        validate(feedback)
        feedback.save()
    return feedback


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail confirmed participants whose first lesson starts within two days; each person once."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=2)
    sent = 0
    sessions = (
        TrainingSession.objects.filter(status__in=[SessionStatus.OPEN, SessionStatus.CLOSED])
        .prefetch_related("lessons")
        .distinct()
    )
    for session in sessions:
        lessons = list(session.lessons.all())
        if not lessons or not (now < lessons[0].starts_at <= horizon):
            continue
        with transaction.atomic():
            due = Registration.objects.select_for_update().filter(
                session=session, status=RegistrationStatus.CONFIRMED, reminder_sent_at__isnull=True
            )
            for registration in due:
                email_enqueue(
                    to=registration.email,
                    subject=_("Reminder: %(title)s starts soon") % {"title": session.title},
                    template="training/emails/reminder",
                    context={
                        "registration": registration,
                        "session": session,
                        "lessons": lessons,
                        "link": participant_link(registration),
                    },
                    dedup_key=f"training-reminder-{registration.pk}",
                    kind=email_kinds.REMINDER,
                )
                registration.reminder_sent_at = now
                registration.save(update_fields=["reminder_sent_at", "updated_at"])
                sent += 1
    return sent
