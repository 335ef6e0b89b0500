"""Routing deadlines (issue 13): the office moves a routing's due date; referents are reminded
TAVOLO_ROUTING_REMINDER_DAYS days before it and once it has passed, each reminder once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import OutgoingEmail
from meetings.models import RoutingStatusChange
from members.roles import Role
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    RoutingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _sent() -> list[tuple[str, str]]:
    return sorted(OutgoingEmail.objects.values_list("to", "subject"))


@pytest.fixture
def reminder_world(settings, municipal_service, service_referent):
    """Servizi sociali has an active referent and an inactive one; Politiche abitative has no referent
    but its own address."""
    settings.TAVOLO_ROUTING_REMINDER_DAYS = 2
    today = timezone.localdate()
    now = timezone.now()
    municipal_service.referents.add(
        UserFactory(email="ex.referente@example.it", is_active=False, roles=[Role.SERVICE_REFERENT])
    )
    housing = MunicipalServiceFactory(
        name="Politiche abitative", slug="politiche-abitative", email="casa@comune.example.it"
    )
    meeting = MeetingFactory(status="convened", starts_at=now + dt.timedelta(days=10))
    held = MeetingFactory(status="held", starts_at=now - dt.timedelta(days=3))
    cancelled = MeetingFactory(status="cancelled", starts_at=now + dt.timedelta(days=12))

    def routing(title, service, days, *, on=meeting, **extra):
        item = AgendaItemFactory(meeting=on, title=title, position=on.agenda_items.count() + 1)
        return RoutingFactory(
            agenda_item=item, service=service, due_date=today + dt.timedelta(days=days), **extra
        )

    return {
        "soon": routing("Centri estivi", municipal_service, 2),
        "later": routing("Anziani soli", municipal_service, 3),
        "overdue": routing("Emergenza abitativa", housing, -1),
        "answered": routing("Orti urbani", municipal_service, 1, status="answered", contribution="Sì."),
        "held": routing("Argomento passato", housing, -5, on=held),
        "cancelled": routing("Argomento annullato", municipal_service, 2, on=cancelled),
        "today": today,
    }


def test_the_command_reminds_each_routing_once(reminder_world):
    OutgoingEmail.objects.all().delete()  # the assignment e-mails of the factories' routings, if any
    call_command("send_routing_reminders", stdout=StringIO())
    expected = [
        ("casa@comune.example.it", "[Tavolo delle Risorse] Contributo in ritardo: Emergenza abitativa"),
        ("referente@example.it", "[Tavolo delle Risorse] Contributo in scadenza: Centri estivi"),
    ]
    assert _sent() == expected
    # Run again (the timer's next morning, or twice by mistake): nothing new.
    call_command("send_routing_reminders", stdout=StringIO())
    assert _sent() == expected
    body = OutgoingEmail.objects.get(to="referente@example.it").body_text
    assert "il contributo di Servizi sociali su questo argomento è atteso entro " in body
    assert f"/area-riservata/segnalazioni/{reminder_world['soon'].pk}/" in body


def test_a_routing_reminded_before_is_reminded_again_once_overdue(reminder_world):
    from meetings.services import routing_reminders_send

    OutgoingEmail.objects.all().delete()
    today = reminder_world["today"]
    assert routing_reminders_send(today=today) == 2
    # Three days later "Centri estivi" is overdue (and "Anziani soli" too): one more e-mail each.
    assert routing_reminders_send(today=today + dt.timedelta(days=4)) == 2
    assert routing_reminders_send(today=today + dt.timedelta(days=4)) == 0
    subjects = [subject for to, subject in _sent() if to == "referente@example.it"]
    assert subjects == [
        "[Tavolo delle Risorse] Contributo in ritardo: Anziani soli",
        "[Tavolo delle Risorse] Contributo in ritardo: Centri estivi",
        "[Tavolo delle Risorse] Contributo in scadenza: Centri estivi",
    ]


def test_the_office_moves_a_due_date_from_the_meeting_page(staff_client, reminder_world):
    routing = reminder_world["soon"]
    meeting = routing.agenda_item.meeting
    manage = staff_client.get(f"/area-riservata/incontri/{meeting.pk}/").content.decode()
    assert f'href="/area-riservata/segnalazioni/{routing.pk}/scadenza/"' in manage
    url = f"/area-riservata/segnalazioni/{routing.pk}/scadenza/"
    assert staff_client.get(url).status_code == 200
    new_date = reminder_world["today"] + dt.timedelta(days=6)
    OutgoingEmail.objects.all().delete()
    response = staff_client.post(url, {"due_date": new_date.isoformat()})
    assert response.status_code == 302 and response.url == f"/area-riservata/incontri/{meeting.pk}/"
    routing.refresh_from_db()
    assert routing.due_date == new_date
    change = RoutingStatusChange.objects.filter(routing=routing).latest("pk")
    assert change.reason.startswith("Scadenza spostata dal ")
    assert _sent() == [("referente@example.it", "[Tavolo delle Risorse] Nuova scadenza: Centri estivi")]


def test_a_due_date_on_or_after_the_meeting_day_is_refused_on_the_field(staff_client, reminder_world):
    routing = reminder_world["soon"]
    url = f"/area-riservata/segnalazioni/{routing.pk}/scadenza/"
    day = timezone.localdate(routing.agenda_item.meeting.starts_at)
    response = staff_client.post(url, {"due_date": day.isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "La risposta deve essere attesa prima del giorno dell&#x27;incontro." in html
    assert f'value="{day.isoformat()}"' in html  # what was typed is kept
    previous = routing.due_date
    routing.refresh_from_db()
    assert routing.due_date == previous
    empty = staff_client.post(url, {"due_date": ""})
    assert "Indica la data entro cui il servizio dovrebbe rispondere." in empty.content.decode()


def test_an_answered_routing_keeps_its_due_date(staff_client, reminder_world):
    routing = reminder_world["answered"]
    url = f"/area-riservata/segnalazioni/{routing.pk}/scadenza/"
    response = staff_client.post(
        url, {"due_date": (reminder_world["today"] + dt.timedelta(days=5)).isoformat()}
    )
    assert response.status_code == 400
    assert "Il servizio ha già risposto: la scadenza non si può più cambiare." in response.content.decode()


def test_the_referent_cannot_move_the_deadline(service_referent_client, reminder_world):
    url = f"/area-riservata/segnalazioni/{reminder_world['soon'].pk}/scadenza/"
    assert service_referent_client.get(url).status_code == 403
    assert service_referent_client.post(url, {"due_date": "2030-01-01"}).status_code == 403
