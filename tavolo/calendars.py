"""Calendar feeds that compose several apps: the calendar of what concerns one organisation.

Calendar clients cannot sign in, so the feed's address carries a signed token of the organisation:
whoever has the address reads the organisation's calendar (meetings it was invited to, training
sessions its people are registered to), nothing else. Changing SECRET_KEY invalidates every address.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import ical
from meetings import selectors as meeting_selectors
from members.models import Organisation
from training import selectors as training_selectors
from training.ical import session_events

_SALT = "tavolo.calendar.organisation"


def organisation_feed_token(organisation: Organisation) -> str:
    """The same token every time (no timestamp): a subscribed address never needs changing."""
    return signing.Signer(salt=_SALT).sign(str(organisation.pk))


def organisation_for_feed_token(token: str) -> Organisation | None:
    """The organisation a feed token was made for; None for a forged or mangled token."""
    try:
        pk = int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Organisation.objects.filter(pk=pk).first()


def organisation_feed_links(organisation: Organisation) -> dict[str, str]:
    path = reverse("organisation_calendar_feed", kwargs={"token": organisation_feed_token(organisation)})
    return ical.feed_links(path)


def organisation_calendar(organisation: Organisation) -> bytes:
    """The organisation's meetings and its people's training sessions, as a subscribable feed."""
    events = [
        ical.meeting_event(meeting)
        for meeting in meeting_selectors.meetings_for_organisation_calendar(organisation)
    ]
    for session in training_selectors.sessions_for_organisation_calendar(organisation):
        events.extend(session_events(session))
    name = f"{_('Tavolo delle Risorse')} - {organisation.name}"
    return ical.calendar(events, name=name[:200], feed=True)
