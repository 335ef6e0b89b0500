"""Dashboard panels kept per organisation and per set of services (core.dashboard.shared_panels): each
sees its own, a write shows on the next request, and a meeting that starts stops asking for an answer."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from meetings import services
from members.roles import Role
from tests.factories import AgendaItemFactory, RoutingFactory, UserFactory

DASHBOARD = "/area-riservata/"


def test_the_dashboard_stops_asking_for_an_answer_once_the_meeting_starts(
    org_rep_client, item, staff, monkeypatch
):
    meeting = item.meeting
    now = timezone.now()
    meeting.starts_at, meeting.ends_at = now + dt.timedelta(hours=1), now + dt.timedelta(hours=3)
    meeting.save()
    services.meeting_convene(meeting=meeting, by=staff)
    for _visit in range(2):  # the second one from the kept panel
        page = org_rep_client.get(DASHBOARD).content.decode()
        assert "Plenaria di dicembre" in page and "non hai ancora risposto" in page.lower()
    # No write in between: the meeting starts, answers are closed, it is listed until it ends.
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=1, minutes=1))
    page = org_rep_client.get(DASHBOARD).content.decode()
    assert "Plenaria di dicembre" in page and "non hai ancora risposto" not in page.lower()


def test_each_referent_sees_the_topics_of_their_own_services(
    service_referent_client, municipal_service, housing_service, item
):
    RoutingFactory(agenda_item=item, service=municipal_service)
    housing_item = AgendaItemFactory(meeting=item.meeting, position=2, title="Case popolari e sfratti")
    RoutingFactory(agenda_item=housing_item, service=housing_service)
    housing_client = Client()
    housing_client.force_login(housing_service.referents.get())
    for _visit in range(2):
        social = service_referent_client.get(DASHBOARD).content.decode()
        housing = housing_client.get(DASHBOARD).content.decode()
        assert "Solitudine degli anziani" in social and "Case popolari" not in social
        assert "Case popolari e sfratti" in housing and "Solitudine degli anziani" not in housing
    # A second referent of the same service sees the same topics; a new routing shows at once.
    colleague = UserFactory(email="collega@comune.example.it", roles=[Role.SERVICE_REFERENT])
    municipal_service.referents.add(colleague)
    colleague_client = Client()
    colleague_client.force_login(colleague)
    RoutingFactory(
        agenda_item=AgendaItemFactory(meeting=item.meeting, position=3, title="Centri estivi per disabili"),
        service=municipal_service,
    )
    for client in (service_referent_client, colleague_client):
        page = client.get(DASHBOARD).content.decode()
        assert "Solitudine degli anziani" in page and "Centri estivi per disabili" in page
        assert "Case popolari" not in page


def test_a_referent_answers_and_the_office_reads_the_routing(
    service_referent_client, staff_client, municipal_service, item
):
    routing = RoutingFactory(agenda_item=item, service=municipal_service)
    url = f"/area-riservata/segnalazioni/{routing.pk}/"
    assert 'name="contribution"' in service_referent_client.get(url).content.decode()
    # The office is no referent of the service: it reads the routing without the answer form.
    page = staff_client.get(url).content.decode()
    assert "Solitudine degli anziani" in page and 'name="contribution"' not in page
