"""Subscribable calendars: the public feed refreshes hourly; each organisation has its own feed."""

from __future__ import annotations

import pytest

from meetings.models import Invitation
from tests.factories import MeetingFactory, RegistrationFactory, TrainingSessionFactory
from tests.ical_parsers import read_both

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://tavolo.comune.example.it"


def test_the_public_feed_tells_calendars_to_refresh_every_hour(anonymous):
    MeetingFactory(status="convened", title="Plenaria di marzo")
    response = anonymous.get("/calendario.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = response.content.decode().split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    method, events = read_both(response.content)
    assert method == "PUBLISH"
    assert [status for _uid, _sequence, status in events] == ["CONFIRMED"]


def test_the_meetings_page_offers_a_subscription_next_to_the_download(anonymous):
    page = anonymous.get("/incontri/").content.decode()
    assert 'href="webcal://tavolo.comune.example.it/calendario.ics"' in page
    assert 'href="https://tavolo.comune.example.it/calendario.ics" download' in page


def test_an_organisation_feed_holds_what_concerns_it_and_nothing_else(
    org_rep_client, anonymous, org_rep, other_org_rep
):
    org = org_rep.representations.get().organisation
    other = other_org_rep.representations.get().organisation
    invited = MeetingFactory(status="convened", title="Gruppo anziani", is_public=False)
    Invitation.objects.create(meeting=invited, organisation=org)
    not_invited = MeetingFactory(status="convened", title="Gruppo casa")
    Invitation.objects.create(meeting=not_invited, organisation=other)
    registered = TrainingSessionFactory(title="Progettare insieme", lessons=2)
    RegistrationFactory(session=registered, organisation=org)
    others_only = TrainingSessionFactory(title="Bilancio sociale", lessons=1)
    RegistrationFactory(session=others_only, organisation=other)

    page = org_rep_client.get("/area-riservata/").content.decode()
    assert "Calendario di Auser Cervia" in page
    start = page.index('href="webcal://tavolo.comune.example.it/calendario/') + len('href="webcal://')
    subscription = page[start : page.index('"', start)]
    assert f'href="https://{subscription}" download' in page

    # A calendar app cannot sign in: the address alone opens the feed.
    path = subscription.removeprefix("tavolo.comune.example.it")
    response = anonymous.get(path)
    assert response.status_code == 200
    method, events = read_both(response.content)
    lessons = list(registered.lessons.order_by("pk"))
    assert method == "PUBLISH"
    assert [uid for uid, _sequence, _status in events] == sorted(
        [
            f"meeting-{invited.pk}@tavolo.comune.example.it",
            f"training-{registered.pk}-lesson-{lessons[0].pk}@tavolo.comune.example.it",
            f"training-{registered.pk}-lesson-{lessons[1].pk}@tavolo.comune.example.it",
        ]
    )
    assert "Gruppo casa" not in response.content.decode()
    assert "Bilancio sociale" not in response.content.decode()
    # The address stays the same: a calendar subscribed once keeps working.
    assert subscription in org_rep_client.get("/area-riservata/").content.decode()


def test_a_forged_feed_address_finds_nothing(anonymous, org_rep):
    org = org_rep.representations.get().organisation
    assert anonymous.get(f"/calendario/{org.pk}.ics").status_code == 404
    assert anonymous.get(f"/calendario/{org.pk}:forged:signature.ics").status_code == 404
