from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.errors import MeetingError
from meetings.models import OverrideAction, RoutingOverride, RoutingSource, RoutingStatus
from tests.factories import MunicipalServiceFactory

pytestmark = pytest.mark.django_db


def test_item_is_routed_to_the_services_competent_for_its_themes(
    item, municipal_service, service_referent, housing_service, staff, django_capture_on_commit_callbacks
):
    MunicipalServiceFactory(name="Servizio inattivo", competences=[item.themes.get()], is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        routings = services.agenda_item_route(item=item, by=staff)
    assert [r.service for r in routings] == [municipal_service]
    routing = routings[0]
    assert routing.referent == service_referent
    assert routing.source == RoutingSource.AUTOMATIC
    assert routing.status == RoutingStatus.TO_REVIEW
    assert routing.due_date == timezone.localdate(item.meeting.starts_at) - dt.timedelta(days=3)
    assert routing.status_changes.count() == 1
    [message] = mail.outbox
    assert message.to == [service_referent.email]
    assert "Solitudine degli anziani" in message.subject
    assert "contributo del servizio" in message.body
    assert f"/area-riservata/segnalazioni/{routing.pk}/" in message.body


def test_routing_twice_adds_nothing_and_staff_set_the_due_date(
    item, municipal_service, service_referent, staff
):
    due = timezone.localdate(item.meeting.starts_at) - dt.timedelta(days=7)
    [routing] = services.agenda_item_route(item=item, by=staff, due_date=due)
    assert routing.due_date == due
    assert services.agenda_item_route(item=item, by=staff) == []


def test_due_date_must_be_before_the_meeting(item, municipal_service, staff):
    with pytest.raises(MeetingError, match="prima del giorno"):
        services.agenda_item_route(item=item, by=staff, due_date=timezone.localdate(item.meeting.starts_at))


def test_overrides_are_recorded_and_respected_when_routing_again(
    item, municipal_service, service_referent, housing_service, staff
):
    services.agenda_item_route(item=item, by=staff)
    added = services.routing_add_service(
        item=item, service=housing_service, by=staff, reason="Anziani soli in affitto"
    )
    assert added.source == RoutingSource.STAFF
    assert added.referent == housing_service.referents.get()
    services.routing_remove_service(item=item, service=municipal_service, by=staff, reason="Già trattato")
    assert set(item.routings.values_list("service__name", flat=True)) == {"Servizio Politiche abitative"}
    assert list(RoutingOverride.objects.values_list("service__name", "action", "reason")) == [
        ("Servizio Politiche abitative", OverrideAction.ADDED, "Anziani soli in affitto"),
        ("Servizi sociali", OverrideAction.REMOVED, "Già trattato"),
    ]
    # Routing again from the themes does not bring back the service staff removed.
    assert services.agenda_item_route(item=item, by=staff) == []
    with pytest.raises(MeetingError, match="già"):
        services.routing_add_service(item=item, service=housing_service, by=staff)


def test_referent_moves_status_and_answers(item, municipal_service, service_referent, staff):
    [routing] = services.agenda_item_route(item=item, by=staff)
    services.routing_update(
        routing=routing, by=service_referent, status=RoutingStatus.IN_PROGRESS, contribution=""
    )
    with pytest.raises(MeetingError, match="contributo"):
        services.routing_update(
            routing=routing, by=service_referent, status=RoutingStatus.ANSWERED, contribution=" "
        )
    routing = services.routing_update(
        routing=routing,
        by=service_referent,
        status=RoutingStatus.ANSWERED,
        contribution="Il servizio attiva la rete dei custodi sociali nei mesi estivi.",
    )
    assert routing.answered_by == service_referent and routing.answered_at is not None
    assert list(routing.status_changes.values_list("to_status", flat=True)) == [
        "to_review",
        "in_progress",
        "answered",
    ]
    with pytest.raises(MeetingError):
        services.routing_update(
            routing=routing, by=service_referent, status=RoutingStatus.TO_REVIEW, contribution="x"
        )
    with pytest.raises(MeetingError, match="già risposto"):
        services.routing_remove_service(item=item, service=municipal_service, by=staff)


def test_agenda_reorder_keeps_positions_unique(draft_meeting, staff):
    first = services.agenda_item_add(meeting=draft_meeting, by=staff, title="Emergenza abitativa")
    second = services.agenda_item_add(
        meeting=draft_meeting, by=staff, title="Povertà educativa e centri estivi"
    )
    services.agenda_item_move(item=second, by=staff, direction="up")
    assert list(draft_meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Povertà educativa e centri estivi",
        "Emergenza abitativa",
    ]
    first.refresh_from_db()
    assert first.position == 2


def test_staff_set_the_due_date_on_the_meeting_page(item, municipal_service, staff_client):
    """The route form shows the due date (issue 13): the office chooses it per routing."""
    manage = f"/area-riservata/incontri/{item.meeting.pk}/"
    page = staff_client.get(manage).content.decode()
    assert "Risposta attesa entro" in page
    assert f'name="due_date" id="due-{item.pk}"' in page
    due = timezone.localdate(item.meeting.starts_at) - dt.timedelta(days=10)
    response = staff_client.post(f"{manage}punti/{item.pk}/instrada/", {"due_date": due.isoformat()})
    assert response.status_code == 302
    [routing] = item.routings.all()
    assert routing.service == municipal_service
    assert routing.due_date == due
