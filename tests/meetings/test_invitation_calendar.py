"""A meeting's invitation, update and cancellation as calendar clients read them (two parsers)."""

from __future__ import annotations

import datetime as dt
import email

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import RepresentativeFactory
from tests.ical_parsers import calendar_of, read_both

pytestmark = pytest.mark.django_db


def _notice(address: str):
    return next(m for m in mail.outbox if m.to == [address])


def test_invitation_update_and_cancellation_of_a_meeting(
    staff_client, item, django_capture_on_commit_callbacks
):
    rep = RepresentativeFactory(user__email="presidenza@auser.example.org").user
    meeting = item.meeting
    uid = f"meeting-{meeting.pk}@tavolo.comune.example.it"

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/area-riservata/incontri/{meeting.pk}/convoca/")
    invitation = _notice(rep.email)
    content = calendar_of(invitation)
    assert read_both(content) == ("PUBLISH", [(uid, 0, "CONFIRMED")])
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert (
        f"Facci sapere se la tua organizzazione partecipa: https://tavolo.comune.example.it/incontri/{meeting.pk}/"
        in str(event["DESCRIPTION"])
    )
    # As the mail server sees it: the event inside multipart/alternative, the file attached beside it.
    parsed = email.message_from_bytes(invitation.message().as_bytes())
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, attached = parsed.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    parts = [(p.get_content_type(), p.get_param("method")) for p in alternative.get_payload()]
    assert parts == [("text/plain", None), ("text/html", None), ("text/calendar", "PUBLISH")]
    assert attached.get_content_type() == "application/ics"
    assert attached.get_filename() == "incontro.ics"

    mail.outbox.clear()
    new_start = timezone.localtime(meeting.starts_at) + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/area-riservata/incontri/{meeting.pk}/modifica/",
            {
                "title": meeting.title,
                "kind": meeting.kind,
                "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (new_start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Sala Rubicone, Magazzino del Sale",
                "is_public": "on",
            },
        )
    assert read_both(calendar_of(_notice(rep.email))) == ("PUBLISH", [(uid, 1, "CONFIRMED")])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/area-riservata/incontri/{meeting.pk}/annulla/", {"reason": "Allerta meteo"})
    assert read_both(calendar_of(_notice(rep.email))) == ("PUBLISH", [(uid, 2, "CANCELLED")])
