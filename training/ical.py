"""iCalendar events of training sessions: one event per lesson, with UIDs that never change."""

from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from training.models import Lesson, TrainingSession
from training.selectors import sessions_for_calendar


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def lesson_uid(lesson: Lesson) -> str:
    return f"training-{lesson.session_id}-lesson-{lesson.pk}@{_host()}"


def session_events(session: TrainingSession) -> list[icalendar.Event]:
    """One event per lesson (uses the prefetched lessons), for this file and /calendario.ics."""
    lessons = list(session.lessons.all())
    url = f"{settings.SITE_URL}{session.get_absolute_url()}"
    events = []
    for number, lesson in enumerate(lessons, start=1):
        event = icalendar.Event()
        event.add("uid", lesson_uid(lesson))
        summary = session.title if len(lessons) == 1 else f"{session.title} ({number}/{len(lessons)})"
        event.add("summary", summary)
        event.add("dtstart", lesson.starts_at)
        event.add("dtend", lesson.ends_at)
        event.add("dtstamp", lesson.updated_at or timezone.now())
        location = lesson.place or lesson.online_url
        if location:
            event.add("location", location)
        description = url
        if lesson.online_url:
            description = f"{lesson.online_url}\n{url}"
        event.add("description", description)
        event.add("url", url)
        if session.status == "cancelled":
            event.add("status", "CANCELLED")
        events.append(event)
    return events


def session_calendar(session: TrainingSession) -> bytes:
    """A whole session as an .ics file (the attachment of confirmation e-mails)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Tavolo delle Risorse//{settings.TAVOLO_MUNICIPALITY}//IT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", session.title)
    for event in session_events(session):
        calendar.add_component(event)
    return calendar.to_ical()


def public_events() -> list[icalendar.Event]:
    """The sessions' events in the combined feed /calendario.ics (a "calendar_events" provider)."""
    return [event for session in sessions_for_calendar() for event in session_events(session)]
