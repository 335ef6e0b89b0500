"""iCalendar views of meetings, built with the icalendar library.

The UID never changes for a meeting, so calendar clients update (or remove) the event they already
have when a change or a cancellation arrives with a higher SEQUENCE.

Invitations are METHOD:PUBLISH (RFC 5546), not REQUEST: a REQUEST needs an ATTENDEE per invited person
and makes mail clients send "Accept"/"Decline" replies to an address the portal never reads. The
organisation answers on the meeting's page instead, linked in the event's description; an update is
the same event with a higher SEQUENCE, a cancellation the same event with STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingStatus
from meetings.selectors.meetings import meetings_for_calendar


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "tavolo.local"
    return f"meeting-{meeting.pk}@{host}"


def meeting_event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    # iTIP (RFC 5546) wants an organizer on a PUBLISH message too; it is the office's address.
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(settings.TAVOLO_OFFICE)
    event.add("organizer", organizer)
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    event.add("url", url)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    description = [meeting.description] if meeting.description else []
    if meeting.online_url:
        description.append(meeting.online_url)
    if meeting.status == MeetingStatus.CONVENED and meeting.starts_at > timezone.now():
        with translation.override(settings.LANGUAGE_CODE):
            description.append(_("Tell us whether your organisation takes part: %(url)s") % {"url": url})
    else:
        description.append(url)
    event.add("description", "\n\n".join(description))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    elif meeting.status == MeetingStatus.DRAFT:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def public_events() -> list[icalendar.Event]:
    """The meetings' events in the combined feed /calendario.ics (a "calendar_events" provider)."""
    return [meeting_event(m) for m in meetings_for_calendar()]


# How often subscribed calendars should read a feed again (RFC 7986; X-PUBLISHED-TTL for Outlook).
FEED_REFRESH = dt.timedelta(hours=1)


def calendar(
    events: list[icalendar.Event], *, method: str = "PUBLISH", name: str = "", feed: bool = False
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Tavolo delle Risorse//meetings//IT")
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    if feed:
        cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH).to_ical().decode("ascii"))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def feed_links(path: str) -> dict[str, str]:
    """A feed's address for downloading (https) and for subscribing (webcal://, opens the calendar app)."""
    address = f"{settings.SITE_URL}{path}"
    return {"download": address, "subscribe": "webcal://" + address.split("://", 1)[1]}


def meeting_calendar(meeting: Meeting, method: str = "PUBLISH") -> bytes:
    """One meeting as a calendar (PUBLISH: for downloads, invitations, updates and cancellations)."""
    return calendar([meeting_event(meeting)], method=method)
