"""Reads of the training app: querysets that fetch what their page shows, and the year's figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.dashboard import key_of
from core.fragments import cached_value
from core.querysets import first_rows_and_total
from members.models import Organisation, OrganisationStatus
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


def _registrations_counted(status: str) -> Coalesce:
    """How many registrations of the outer session have this status (a correlated subquery)."""
    rows = (
        Registration.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _first_lesson() -> Subquery:
    """When the outer session's first lesson starts (a correlated subquery)."""
    first = Lesson.objects.filter(session=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    return Subquery(first)


def _with_counts(queryset: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """First lesson and seats counted by subqueries: joining lessons and registrations would multiply
    the rows (lessons x registrations), and the paginator's COUNT would repeat that work."""
    return queryset.annotate(
        starts_at=_first_lesson(),
        confirmed_count=_registrations_counted(RegistrationStatus.CONFIRMED),
        waiting_count=_registrations_counted(RegistrationStatus.WAITING),
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


# What a card of the public list reads of a session (with `starts_at`, `confirmed_count` and the totals of
# `with_lesson_totals`): the title, the places and the status as a visitor reads it now.
CARD_FIELDS = ("title", "capacity", "registration_opens_at", "registration_closes_at", "status")


def public_sessions(*, cards: bool = False) -> tuple[list[TrainingSession], QuerySet[TrainingSession]]:
    """(upcoming, past) sessions for /formazione/, seats counted, lessons prefetched; with `cards`, only
    the columns and the count a card shows, without lessons (see `with_lesson_totals`).

    The past ones are a queryset, newest first, for the page to paginate: years of courses must not
    all be rendered at once.
    """
    now = timezone.now()
    visible = TrainingSession.objects.filter(VISIBLE)
    if cards:
        base = visible.only(*CARD_FIELDS).annotate(
            starts_at=_first_lesson(),
            confirmed_count=_registrations_counted(RegistrationStatus.CONFIRMED),
        )
    else:
        base = _with_counts(visible).prefetch_related("lessons")
    still_on = Exists(Lesson.objects.filter(session=OuterRef("pk"), ends_at__gte=now))
    has_lessons = Exists(Lesson.objects.filter(session=OuterRef("pk")))
    upcoming = list(base.filter(still_on | ~has_lessons).order_by("starts_at", "pk"))
    past = base.filter(has_lessons & ~still_on).order_by("-starts_at", "-pk")
    return upcoming, past


def public_list_fresh_until() -> dt.datetime | None:
    """The next instant at which /formazione/ changes with the clock alone: an open session's registrations
    open or close (its badge), or a lesson ends (a session moves from the sessions to come to the past
    ones). None when no such instant is ahead: then only writes change the lists."""
    now = timezone.now()
    visible = TrainingSession.objects.filter(VISIBLE)
    is_open = Q(status=SessionStatus.OPEN)
    edges = visible.aggregate(
        opens=Min("registration_opens_at", filter=is_open & Q(registration_opens_at__gt=now)),
        closes=Min("registration_closes_at", filter=is_open & Q(registration_closes_at__gt=now)),
        # Joined with the lessons, a session counts once per lesson: no matter for the earliest instant.
        ends=Min("lessons__ends_at", filter=Q(lessons__ends_at__gte=now)),
    )
    instants = [instant for instant in edges.values() if instant is not None]
    return min(instants) if instants else None


def with_lesson_totals(sessions: list[TrainingSession]) -> list[TrainingSession]:
    """Set `lesson_count` and `lesson_hours` (the sum of `Lesson.hours`) on each session, from one query
    of three columns for all of them: a card shows these two figures, not the lessons."""
    totals: dict[int, list] = {session.pk: [0, Decimal("0")] for session in sessions}
    rows = Lesson.objects.filter(session__in=list(totals)).values_list("session_id", "starts_at", "ends_at")
    for session_id, starts_at, ends_at in rows if totals else ():
        total = totals[session_id]
        total[0] += 1
        total[1] += Lesson.hours_between(starts_at, ends_at)
    for session in sessions:
        session.lesson_count, session.lesson_hours = totals[session.pk]
    return sessions


def session_for_page(pk: int, *, include_drafts: bool = False) -> TrainingSession | None:
    """One session with its lessons, targets and counts; None when it does not exist or is a draft."""
    queryset = _with_counts(TrainingSession.objects.all()).prefetch_related("lessons", "sectors", "themes")
    if not include_drafts:
        queryset = queryset.filter(VISIBLE)
    return queryset.filter(pk=pk).first()


def staff_sessions() -> QuerySet[TrainingSession]:
    """Every session with its counts, newest first, for the staff list to paginate."""
    return _with_counts(TrainingSession.objects.all()).order_by(F("starts_at").desc(nulls_first=True), "-pk")


def sessions_for_staff() -> list[TrainingSession]:
    return list(_with_counts(TrainingSession.objects.all()).order_by("-starts_at", "-pk"))


def sessions_open_for_staff(*, limit: int) -> tuple[list[TrainingSession], int]:
    """Sessions open for registration, the soonest first, with their seats counted; and how many."""
    qs = TrainingSession.objects.filter(status=SessionStatus.OPEN)
    return first_rows_and_total(_with_counts(qs).order_by("starts_at", "pk"), limit)


def sessions_with_waiting_list(*, limit: int) -> tuple[list[TrainingSession], int]:
    """Open or closed sessions with people on the waiting list; and how many such sessions."""
    waiting = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.WAITING)
    qs = TrainingSession.objects.filter(
        Exists(waiting), status__in=(SessionStatus.OPEN, SessionStatus.CLOSED)
    )
    return first_rows_and_total(_with_counts(qs).order_by("starts_at", "pk"), limit)


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


@dataclass(frozen=True)
class HoursAttended:
    """Hours each participant attended, from the lesson registers recorded so far."""

    by_registration: dict[int, Decimal]
    lessons: list[Lesson]
    lessons_without_register: list[Lesson]

    def of(self, registration: Registration) -> Decimal | None:
        """The hours of the lessons the person was recorded present at; none for who never took part."""
        hours = self.by_registration.get(registration.pk)
        if hours is None and registration.status == RegistrationStatus.CONFIRMED:
            return Decimal("0")
        return hours


def hours_attended(session: TrainingSession) -> HoursAttended:
    """Per registration, the hours of the lessons whose register records it present (one query each)."""
    lessons = list(session.lessons.all())
    hours = {lesson.pk: lesson.hours for lesson in lessons}
    by_registration: dict[int, Decimal] = {}
    registered: set[int] = set()
    for registration_id, lesson_id, present in LessonAttendance.objects.filter(
        lesson__session=session
    ).values_list("registration_id", "lesson_id", "present"):
        registered.add(lesson_id)
        total = by_registration.get(registration_id, Decimal("0"))
        by_registration[registration_id] = total + (hours[lesson_id] if present else Decimal("0"))
    return HoursAttended(
        by_registration=by_registration,
        lessons=lessons,
        lessons_without_register=[lesson for lesson in lessons if lesson.pk not in registered],
    )


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


def organisation_registrations(organisations: list[Organisation]) -> QuerySet[Registration]:
    """The training history of the people of these organisations, newest session first (a queryset,
    for the page to paginate: years of courses must not all be rendered at once)."""
    return (
        Registration.objects.filter(organisation__in=organisations)
        .select_related("session", "certificate")
        .annotate(starts_at=Min("session__lessons__starts_at"))
        .order_by("-starts_at", "last_name", "pk")
    )


def open_sessions_for(
    organisations: list[Organisation], *, limit: int | None = None, now: dt.datetime | None = None
) -> list[TrainingSession]:
    """Sessions open for registration right now whose audience includes one of the organisations
    (the first `limit` of them, soonest first, when given).

    Courses reserved to members are offered only to organisations that are members now: pending,
    suspended and withdrawn ones see the courses open to the public only."""
    now = now or timezone.now()
    members = [org for org in organisations if org.status == OrganisationStatus.ACTIVE]
    member_ids = [org.pk for org in members]
    # The members' sectors and themes as subqueries of the one query below.
    sector_ids = Organisation.sectors.through.objects.filter(organisation_id__in=member_ids).values(
        "sector_id"
    )
    theme_ids = Organisation.themes.through.objects.filter(organisation_id__in=member_ids).values("theme_id")
    audience = Q(audience="public")
    if members:
        audience |= (
            Q(audience="members")
            | Q(audience="sectors", sectors__in=sector_ids)
            | Q(audience="themes", themes__in=theme_ids)
        )
    sessions = (
        _with_counts(
            TrainingSession.objects.filter(TrainingSession.open_for_registration(now)).filter(audience)
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    return list(sessions if limit is None else sessions[:limit])


@dataclass(frozen=True)
class OpenSession:
    """A session open for registration, as the representative's lists show it."""

    title: str
    url: str
    seats_left: int


@dataclass(frozen=True)
class OpenSessions:
    sessions: list[OpenSession]
    # When the list changes with the clock alone: a listed session's registrations close, or an open
    # session's registrations open (whoever its audience is). None: only a write changes it.
    fresh_until: dt.datetime | None


def open_sessions_kept(organisations: list[Organisation], *, limit: int | None = None) -> OpenSessions:
    """`open_sessions_for`, kept in the shared cache per set of organisations (core.fragments): the same
    for everyone who acts for them, computed again after any write and when the clock changes the list."""

    def compute() -> OpenSessions:
        now = timezone.now()
        sessions = open_sessions_for(organisations, limit=limit, now=now)
        next_opening = TrainingSession.objects.filter(
            status=SessionStatus.OPEN, registration_opens_at__gt=now
        ).aggregate(first=Min("registration_opens_at"))["first"]
        changes = [session.registration_closes_at for session in sessions]
        return OpenSessions(
            [OpenSession(s.title, s.get_absolute_url(), s.seats_left) for s in sessions],
            min([*changes, next_opening] if next_opening else changes, default=None),
        )

    key = key_of(org.pk for org in organisations)
    return cached_value(
        f"training-open-sessions:{key}:{limit}",
        compute,
        is_current=lambda kept: kept.fresh_until is None or timezone.now() < kept.fresh_until,
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

    A course spanning the new year counts each lesson in the year it takes place; a lesson that has
    not started yet is not counted (its session is listed as not yet held). People are distinct
    e-mail addresses among the confirmed registrations; the attendance rate is hours attended over
    hours scheduled, on the lessons whose register was filled in.
    """
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    now = timezone.now()
    lessons = list(
        Lesson.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(session__status__in=[SessionStatus.CANCELLED, SessionStatus.DRAFT])
        .select_related("session")
        .order_by("starts_at", "pk")
    )
    held = [lesson for lesson in lessons if lesson.starts_at <= now]
    held_ids = {lesson.session_id for lesson in held}
    not_yet_held = {lesson.session_id: lesson for lesson in lessons if lesson.session_id not in held_ids}
    by_session: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in held:
        by_session[lesson.session_id].append(lesson)
    sessions = {lesson.session_id: lesson.session for lesson in held}
    registrations = list(
        Registration.objects.filter(session_id__in=sessions, status=RegistrationStatus.CONFIRMED).values_list(
            "pk", "session_id", "email"
        )
    )
    confirmed: dict[int, int] = defaultdict(int)
    for _pk, session_id, _email in registrations:
        confirmed[session_id] += 1
    people = {email.strip().lower() for _pk, _session, email in registrations}
    confirmed_ids = {pk for pk, _session, _email in registrations}
    attendance = list(
        LessonAttendance.objects.filter(lesson__in=held).values_list(
            "lesson_id", "registration_id", "present"
        )
    )
    recorded_lessons = {lesson_id for lesson_id, _reg, _present in attendance}
    hours_of = {lesson.pk: lesson.hours for lesson in held}
    attended_by_session: dict[int, set[int]] = defaultdict(set)
    session_of = {lesson.pk: lesson.session_id for lesson in held}
    hours_attended = Decimal("0")
    for lesson_id, registration_id, present in attendance:
        if present and registration_id in confirmed_ids:
            hours_attended += hours_of[lesson_id]
            attended_by_session[session_of[lesson_id]].add(registration_id)
    hours_scheduled = sum(
        (
            hours_of[lesson.pk] * confirmed.get(lesson.session_id, 0)
            for lesson in held
            if lesson.pk in recorded_lessons
        ),
        Decimal("0"),
    )
    without_register = [lesson for lesson in held if lesson.pk not in recorded_lessons]
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
                "first_lesson": timezone.localdate(by_session[session_id][0].starts_at).isoformat(),
                "hours": float(hours),
                "registrations": confirmed.get(session_id, 0),
                "attended": len(attended_by_session[session_id]),
                "lessons_without_register": sum(
                    1 for lesson in by_session[session_id] if lesson.pk not in recorded_lessons
                ),
            }
        )
    return {
        "sessions": len(sessions),
        "hours": float(total_hours),
        "registrations": len(registrations),
        "people": len(people),
        "hours_scheduled": float(hours_scheduled),
        "hours_attended": float(hours_attended),
        "attendance_rate": round(float(hours_attended * 100 / hours_scheduled), 1)
        if hours_scheduled
        else None,
        "lessons_held": len(held),
        "lessons_without_register": [
            {"session": lesson.session.title, "date": timezone.localdate(lesson.starts_at).isoformat()}
            for lesson in without_register
        ],
        "sessions_not_yet_held": [
            {"session": lesson.session.title, "date": timezone.localdate(lesson.starts_at).isoformat()}
            for lesson in sorted(not_yet_held.values(), key=lambda lesson: lesson.starts_at)
        ],
        "certificates": Certificate.objects.filter(issued_at__gte=start, issued_at__lt=end).count(),
        "average_rating": round(float(rating["average"]), 2) if rating["average"] is not None else None,
        "ratings": rating["count"],
        "sessions_list": sessions_list,
    }
