"""iCalendar events of training sessions: one event per lesson, with UIDs that never change.

Like meetings, the files are METHOD:PUBLISH (nobody answers a lesson by e-mail): a changed lesson is
the same UID with a higher SEQUENCE, a cancelled session's lessons (or a removed lesson) the same UID
with STATUS:CANCELLED, so calendar clients update the events they already have.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from training.models import Lesson, SessionStatus, TrainingSession
from training.selectors import sessions_for_calendar

_STATUS = {SessionStatus.DRAFT: "TENTATIVE", SessionStatus.CANCELLED: "CANCELLED"}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def lesson_uid(lesson: Lesson) -> str:
    return f"training-{lesson.session_id}-lesson-{lesson.pk}@{_host()}"


def lesson_event(
    session: TrainingSession, lesson: Lesson, *, number: int, of: int, cancelled: bool = False
) -> icalendar.Event:
    url = f"{settings.SITE_URL}{session.get_absolute_url()}"
    event = icalendar.Event()
    event.add("uid", lesson_uid(lesson))
    event.add("sequence", lesson.ics_sequence)
    event.add("summary", session.title if of == 1 else f"{session.title} ({number}/{of})")
    event.add("dtstart", lesson.starts_at)
    event.add("dtend", lesson.ends_at)
    event.add("dtstamp", lesson.updated_at or timezone.now())
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(settings.TAVOLO_OFFICE)
    event.add("organizer", organizer)
    location = lesson.place or lesson.online_url
    if location:
        event.add("location", location)
    description = url
    if lesson.online_url:
        description = f"{lesson.online_url}\n{url}"
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else _STATUS.get(session.status, "CONFIRMED"))
    return event


def session_events(session: TrainingSession) -> list[icalendar.Event]:
    """One event per lesson (uses the prefetched lessons), for this file and /calendario.ics."""
    lessons = list(session.lessons.all())
    return [
        lesson_event(session, lesson, number=number, of=len(lessons))
        for number, lesson in enumerate(lessons, start=1)
    ]


def training_calendar(events: Iterable[icalendar.Event], *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Tavolo delle Risorse//{settings.TAVOLO_MUNICIPALITY}//IT")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def public_events() -> list[icalendar.Event]:
    """The sessions' events in the combined feed /calendario.ics (a "calendar_events" provider)."""
    return [event for session in sessions_for_calendar() for event in session_events(session)]


def session_calendar(session: TrainingSession, *, removed: Lesson | None = None) -> bytes:
    """A whole session as an .ics file; `removed` adds that lesson's event as cancelled."""
    events = session_events(session)
    if removed is not None:
        events.append(lesson_event(session, removed, number=1, of=1, cancelled=True))
    return training_calendar(events, name=session.title)
