"""Reads of the training app: querysets that fetch what their page shows, and the year's figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Organisation
from training.models import (
    Certificate,
    Feedback,
    Lesson,
    LessonAttendance,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)

VISIBLE = ~Q(status=SessionStatus.DRAFT)


def _with_counts(queryset: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return queryset.annotate(
        starts_at=Min("lessons__starts_at"),
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING), distinct=True
        ),
    )


def upcoming_sessions(*, limit: int) -> list[TrainingSession]:
    """Sessions still to come, soonest first, for the home page (with `starts_at` annotated)."""
    now = timezone.now()
    upcoming = Lesson.objects.filter(session=OuterRef("pk"), ends_at__gte=now)
    return list(
        TrainingSession.objects.filter(VISIBLE, Exists(upcoming))
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(starts_at=Min("lessons__starts_at"))
        .order_by("starts_at", "pk")[:limit]
    )


def public_sessions() -> tuple[list[TrainingSession], QuerySet[TrainingSession]]:
    """(upcoming, past) sessions for /formazione/, lessons prefetched, seats counted.

    The past ones are a queryset, newest first, for the page to paginate: years of courses must not
    all be rendered at once.
    """
    now = timezone.now()
    base = _with_counts(TrainingSession.objects.filter(VISIBLE)).prefetch_related("lessons")
    still_on = Exists(Lesson.objects.filter(session=OuterRef("pk"), ends_at__gte=now))
    has_lessons = Exists(Lesson.objects.filter(session=OuterRef("pk")))
    upcoming = list(base.filter(still_on | ~has_lessons).order_by("starts_at", "pk"))
    past = base.filter(has_lessons & ~still_on).order_by("-starts_at", "-pk")
    return upcoming, past


def session_for_page(pk: int, *, include_drafts: bool = False) -> TrainingSession | None:
    """One session with its lessons, targets and counts; None when it does not exist or is a draft."""
    queryset = _with_counts(TrainingSession.objects.all()).prefetch_related("lessons", "sectors", "themes")
    if not include_drafts:
        queryset = queryset.filter(VISIBLE)
    return queryset.filter(pk=pk).first()


def sessions_for_staff() -> list[TrainingSession]:
    return list(_with_counts(TrainingSession.objects.all()).order_by("-starts_at", "-pk"))


def sessions_for_calendar() -> QuerySet[TrainingSession]:
    """Sessions that are not drafts, lessons prefetched, for /calendario.ics."""
    return TrainingSession.objects.filter(VISIBLE).prefetch_related("lessons").order_by("pk")


def sessions_for_organisation_calendar(organisation: Organisation) -> QuerySet[TrainingSession]:
    """Sessions some of the organisation's people are registered to (confirmed or waiting)."""
    return (
        TrainingSession.objects.filter(
            VISIBLE,
            registrations__organisation=organisation,
            registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        )
        .distinct()
        .prefetch_related("lessons")
        .order_by("pk")
    )


def session_registrations(session: TrainingSession) -> list[Registration]:
    """Every registration of a session, in queue order, with what the staff page shows."""
    return list(
        session.registrations.select_related("organisation", "certificate", "feedback").order_by(
            "queued_at", "pk"
        )
    )


def attendance_grid(
    session: TrainingSession,
) -> tuple[list[Lesson], list[Registration], set[tuple[int, int]]]:
    """Lessons, confirmed participants and the (registration, lesson) pairs recorded as present."""
    lessons = list(session.lessons.all())
    registrations = list(
        session.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("organisation", "certificate")
        .order_by("last_name", "first_name", "pk")
    )
    present = set(
        LessonAttendance.objects.filter(registration__session=session, present=True).values_list(
            "registration_id", "lesson_id"
        )
    )
    return lessons, registrations, present


def feedback_summary(session: TrainingSession) -> dict[str, object]:
    data = Feedback.objects.filter(registration__session=session).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    comments = list(
        Feedback.objects.filter(registration__session=session)
        .exclude(comment="")
        .order_by("-created_at")
        .values_list("rating", "comment")
    )
    return {"average": data["average"], "count": data["count"], "comments": comments}


def organisation_registrations(organisations: list[Organisation]) -> list[Registration]:
    """The training history of the people of these organisations, newest session first."""
    return list(
        Registration.objects.filter(organisation__in=organisations)
        .select_related("session", "organisation", "certificate")
        .annotate(starts_at=Min("session__lessons__starts_at"))
        .order_by("-starts_at", "last_name", "pk")
    )


def open_sessions_for(organisations: list[Organisation]) -> list[TrainingSession]:
    """Sessions open for registration right now whose audience includes one of the organisations."""
    now = timezone.now()
    sector_ids = {s.pk for org in organisations for s in org.sectors.all()}
    theme_ids = {t.pk for org in organisations for t in org.themes.all()}
    return list(
        _with_counts(
            TrainingSession.objects.filter(TrainingSession.open_for_registration(now)).filter(
                Q(audience__in=["members", "public"])
                | Q(audience="sectors", sectors__in=sector_ids)
                | Q(audience="themes", themes__in=theme_ids)
            )
        )
        .distinct()
        .order_by("starts_at", "pk")
    )


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("registration__session")
        .prefetch_related(Prefetch("registration__session__lessons"))
        .filter(code=code)
        .first()
    )


def year_figures(year: int) -> dict[str, object]:
    """The year's training figures for the annual report; no personal data, JSON-serialisable.

    A course spanning the new year counts each lesson in the year it takes place.
    """
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    lessons = list(
        Lesson.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(session__status__in=[SessionStatus.CANCELLED, SessionStatus.DRAFT])
        .select_related("session")
        .order_by("starts_at", "pk")
    )
    by_session: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_session[lesson.session_id].append(lesson)
    sessions = {lesson.session_id: lesson.session for lesson in lessons}
    confirmed = dict(
        Registration.objects.filter(session_id__in=sessions, status=RegistrationStatus.CONFIRMED)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    present = dict(
        LessonAttendance.objects.filter(
            lesson__in=lessons, present=True, registration__status=RegistrationStatus.CONFIRMED
        )
        .values("lesson__session_id")
        .annotate(n=Count("pk"))
        .values_list("lesson__session_id", "n")
    )
    attended_people = dict(
        Registration.objects.filter(
            session_id__in=sessions,
            status=RegistrationStatus.CONFIRMED,
            attendances__present=True,
            attendances__lesson__in=lessons,
        )
        .values("session_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("session_id", "n")
    )
    # Only lessons for which attendance was recorded count as expected slots.
    recorded_lessons = set(
        LessonAttendance.objects.filter(lesson__in=lessons).values_list("lesson_id", flat=True).distinct()
    )
    expected = sum(confirmed.get(lesson.session_id, 0) for lesson in lessons if lesson.pk in recorded_lessons)
    rating = Feedback.objects.filter(registration__session_id__in=sessions).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    sessions_list = []
    total_hours = Decimal("0")
    for session_id, session in sorted(sessions.items(), key=lambda item: by_session[item[0]][0].starts_at):
        hours = sum((lesson.hours for lesson in by_session[session_id]), Decimal("0"))
        total_hours += hours
        sessions_list.append(
            {
                "title": session.title,
                "hours": float(hours),
                "participants": confirmed.get(session_id, 0),
                "attended": attended_people.get(session_id, 0),
            }
        )
    return {
        "sessions": len(sessions),
        "hours": float(total_hours),
        "participants": sum(confirmed.values()),
        "attendance_rate": round(sum(present.values()) * 100 / expected, 1) if expected else None,
        "certificates": Certificate.objects.filter(issued_at__gte=start, issued_at__lt=end).count(),
        "average_rating": round(float(rating["average"]), 2) if rating["average"] is not None else None,
        "ratings": rating["count"],
        "sessions_list": sessions_list,
    }
