from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.errors import MeetingError
from meetings.models import MeetingStatus
from meetings.tasks import send_meeting_notice
from members.models import OrganisationStatus
from tests.factories import OrganisationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def _calendar(message) -> icalendar.Calendar:
    """The event, shown as an event (text/calendar alternative) and attached as a file, the same."""
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("incontro.ics", "application/ics")
    [(shown, shown_type)] = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    assert shown_type == "text/calendar; method=PUBLISH; charset=utf-8"
    assert shown.encode() == content
    return icalendar.Calendar.from_ical(content)


@pytest.fixture
def convened(
    item,
    municipal_service,
    service_referent,
    org_rep,
    other_org_rep,
    staff,
    django_capture_on_commit_callbacks,
):
    """An item routed to Servizi sociali; two member organisations and a suspended one."""
    RepresentativeFactory(
        organisation__status=OrganisationStatus.SUSPENDED, user__email="sospesa@example.org"
    )
    RepresentativeFactory(
        user__email="ex@example.org",
        is_active=False,
        is_primary=False,
        organisation=org_rep.representations.get().organisation,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_route(item=item, by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_convene(meeting=item.meeting, by=staff)
    return meeting


def test_convocation_goes_to_active_representatives_and_routed_referents(
    convened, org_rep, other_org_rep, service_referent
):
    assert convened.status == MeetingStatus.CONVENED
    assert convened.convened_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [org_rep.email, other_org_rep.email, service_referent.email]
    )
    message = next(m for m in mail.outbox if m.to == [org_rep.email])
    assert message.subject == "[Tavolo delle Risorse] Convocazione: Plenaria di dicembre"
    assert "ti invitiamo a partecipare all'incontro del Tavolo delle Risorse «Plenaria di dicembre»" in (
        message.body
    )
    assert "Ordine del giorno" in message.body
    assert "1. Solitudine degli anziani d'estate a Milano Marittima" in message.body
    assert "Sala del Consiglio" in message.body
    assert f"https://tavolo.comune.example.it/incontri/{convened.pk}/" in message.body
    cal = _calendar(message)
    assert cal["METHOD"] == "PUBLISH"
    [event] = cal.events
    assert str(event["UID"]) == f"meeting-{convened.pk}@tavolo.comune.example.it"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == convened.starts_at
    assert str(event["SUMMARY"]) == "Plenaria di dicembre"
    assert str(event["ORGANIZER"]) == f"mailto:{settings.DEFAULT_FROM_EMAIL}"
    # The invitation list is the denominator of the attendance figures: active organisations only.
    assert convened.invitations.count() == 2


def test_running_the_task_again_sends_nothing_new(convened, django_capture_on_commit_callbacks):
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_meeting_notice.enqueue(convened.pk, 0, "REQUEST")
    assert result.return_value == 0
    assert len(mail.outbox) == sent


def test_change_of_date_sends_an_update_with_a_higher_sequence(
    convened, org_rep, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    new_start = convened.starts_at + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_update(
            meeting=convened, by=staff, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2)
        )
    assert meeting.ics_sequence == 1
    message = next(m for m in mail.outbox if m.to == [org_rep.email])
    assert message.subject.startswith("[Tavolo delle Risorse] Modifica all'incontro")
    cal = _calendar(message)
    assert cal["METHOD"] == "PUBLISH"
    [event] = cal.events
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"meeting-{convened.pk}@tavolo.comune.example.it"
    assert event.decoded("DTSTART") == new_start
    # A change of title only does not bother anybody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=staff, title="Plenaria di dicembre 2026")
    assert mail.outbox == []


def test_cancellation_sends_the_event_cancelled(convened, org_rep, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with pytest.raises(MeetingError):
        services.meeting_cancel(meeting=convened, by=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_cancel(meeting=convened, by=staff, reason="Allerta meteo")
    assert meeting.status == MeetingStatus.CANCELLED
    message = next(m for m in mail.outbox if m.to == [org_rep.email])
    assert "annullato" in message.subject
    assert "Allerta meteo" in message.body
    cal = _calendar(message)
    assert cal["METHOD"] == "PUBLISH"
    [event] = cal.events
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert list(meeting.status_changes.values_list("to_status", flat=True)) == ["convened", "cancelled"]


def test_convene_needs_a_draft_in_the_future_with_an_agenda(draft_meeting, item, staff):
    services.meeting_convene(meeting=draft_meeting, by=staff)
    with pytest.raises(MeetingError, match="bozza"):
        services.meeting_convene(meeting=draft_meeting, by=staff)


def test_convene_without_agenda_is_refused(draft_meeting, staff):
    with pytest.raises(MeetingError, match="ordine del giorno"):
        services.meeting_convene(meeting=draft_meeting, by=staff)


def test_convocation_request_stays_cheap_with_many_organisations(item, staff, django_assert_max_num_queries):
    OrganisationFactory.create_batch(30)
    # The convocation itself does constant work: the e-mails are the task's job.
    with django_assert_max_num_queries(12):
        services.meeting_convene(meeting=item.meeting, by=staff)
    assert item.meeting.invitations.count() == 30


def test_meeting_must_end_after_it_starts(staff):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(MeetingError):
        services.meeting_create(by=staff, title="Incontro", starts_at=start, ends_at=start, place="Sala")


def test_staff_edit_form_after_convocation_sends_the_update(
    staff_client, convened, org_rep, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    new_start = timezone.localtime(convened.starts_at) + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/area-riservata/incontri/{convened.pk}/modifica/",
            {
                "title": convened.title,
                "kind": convened.kind,
                "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (new_start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Sala Rubicone, Magazzino del Sale",
                "is_public": "on",
            },
        )
    assert response.status_code == 302
    convened.refresh_from_db()
    assert convened.ics_sequence == 1 and convened.place == "Sala Rubicone, Magazzino del Sale"
    message = next(m for m in mail.outbox if m.to == [org_rep.email])
    assert "Sala Rubicone" in message.body
    assert int(next(iter(_calendar(message).events))["SEQUENCE"]) == 1
