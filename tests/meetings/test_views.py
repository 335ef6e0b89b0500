from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from core.pagecache import pages_changed
from meetings import services
from meetings.models import MeetingStatus, RoutingStatus
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    RoutingFactory,
    TrainingSessionFactory,
    UserFactory,
    theme,
)
from tests.meetings.helpers import past_meeting

pytestmark = pytest.mark.django_db


def _meeting_with_items(n_items: int, *, n_routings: int = 2, status=MeetingStatus.CONVENED, **kwargs):
    meeting = MeetingFactory(status=status, **kwargs)
    for i in range(n_items):
        item = AgendaItemFactory(meeting=meeting, position=i + 1, themes=[theme("anziani"), theme("casa")])
        for _ in range(n_routings):
            RoutingFactory(
                agenda_item=item, status=RoutingStatus.ANSWERED, contribution="Il servizio risponde."
            )
    return meeting


def test_public_list_shows_upcoming_and_paginates_the_past(anonymous):
    MeetingFactory(title="Plenaria futura", status=MeetingStatus.CONVENED)
    MeetingFactory(title="Bozza riservata", status=MeetingStatus.DRAFT)
    MeetingFactory(title="Gruppo riservato ai soci", status=MeetingStatus.CONVENED, is_public=False)
    for n in range(12):
        past_meeting(days_ago=10 + n, title=f"Incontro passato {n:02d}")
    content = anonymous.get("/incontri/").content.decode()
    assert "Plenaria futura" in content
    assert "Bozza riservata" not in content and "Gruppo riservato ai soci" not in content
    assert "Incontro passato 00" in content and "Incontro passato 11" not in content
    assert "Incontro passato 11" in anonymous.get("/incontri/?pagina=2").content.decode()
    assert anonymous.get("/incontri/?pagina=abc").status_code == 200


def test_members_only_meeting_is_404_for_anonymous_and_outsiders(
    org_rep_client, service_referent_client, anonymous
):
    meeting = MeetingFactory(status=MeetingStatus.CONVENED, is_public=False, title="Gruppo di lavoro casa")
    url = f"/incontri/{meeting.pk}/"
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(f"/incontri/{meeting.pk}.ics").status_code == 404
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 404
    assert org_rep_client.get(url).status_code == 200
    assert service_referent_client.get(url).status_code == 200


def test_draft_is_visible_only_to_staff(staff_client, org_rep_client, draft_meeting):
    assert org_rep_client.get(f"/incontri/{draft_meeting.pk}/").status_code == 404
    assert staff_client.get(f"/incontri/{draft_meeting.pk}/").status_code == 200


def test_contributions_are_for_members_until_public_minutes_are_approved(anonymous, org_rep_client):
    meeting = _meeting_with_items(1, n_routings=1)
    url = f"/incontri/{meeting.pk}/"
    assert "Il servizio risponde." not in anonymous.get(url).content.decode()
    assert "Il servizio risponde." in org_rep_client.get(url).content.decode()
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.save()
    assert "Il servizio risponde." in anonymous.get(url).content.decode()


def test_chair_notes_are_for_staff_only(staff_client, org_rep_client, item):
    item.chair_notes = "Dare la parola prima alla Caritas"
    item.save()
    services.meeting_convene(meeting=item.meeting, by=UserFactory())
    url = f"/incontri/{item.meeting.pk}/"
    assert "Dare la parola prima alla Caritas" in staff_client.get(url).content.decode()
    assert "Dare la parola prima alla Caritas" not in org_rep_client.get(url).content.decode()


def test_list_query_count_does_not_grow(anonymous, django_assert_num_queries, settings):
    settings.TAVOLO_PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's answer
    for n in range(3):
        _meeting_with_items(2, title=f"Futuro {n}")
        past_meeting(days_ago=20 + n)
    anonymous.get("/incontri/")
    with django_assert_num_queries(3):
        anonymous.get("/incontri/")
    for n in range(8):
        _meeting_with_items(3, title=f"Altro {n}")
        past_meeting(days_ago=40 + n)
    with django_assert_num_queries(3):
        response = anonymous.get("/incontri/")
    assert response.status_code == 200


def test_detail_query_count_does_not_grow(org_rep_client, django_assert_num_queries):
    small = _meeting_with_items(1, n_routings=1)
    large = _meeting_with_items(6, n_routings=3)
    org_rep_client.get(f"/incontri/{small.pk}/")
    # 9: the header's count of unread notifications is kept after the first visit (core.notifications).
    with django_assert_num_queries(9):
        org_rep_client.get(f"/incontri/{small.pk}/")
    with django_assert_num_queries(9):
        response = org_rep_client.get(f"/incontri/{large.pk}/")
    assert response.content.decode().count("Il servizio risponde.") == 18


def test_representative_cannot_edit_meetings(org_rep_client, draft_meeting, item):
    for path in ("", "modifica/", "presenze/", "verbale/", "foglio-presenze.pdf"):
        assert org_rep_client.get(f"/area-riservata/incontri/{draft_meeting.pk}/{path}").status_code in (
            403,
            404,
        )
    meeting = MeetingFactory(status=MeetingStatus.CONVENED)
    assert org_rep_client.get(f"/area-riservata/incontri/{meeting.pk}/modifica/").status_code == 403
    assert (
        org_rep_client.post(f"/area-riservata/incontri/{meeting.pk}/annulla/", {"reason": "x"}).status_code
        == 403
    )
    # A staff page refuses the role (403), even for a draft the representative may not see.
    assert org_rep_client.post(f"/area-riservata/incontri/{draft_meeting.pk}/convoca/").status_code == 403
    assert org_rep_client.get("/area-riservata/incontri/nuovo/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED


def test_anonymous_is_sent_to_login_for_management(anonymous, draft_meeting):
    response = anonymous.get(f"/area-riservata/incontri/{draft_meeting.pk}/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_referent_sees_only_its_services_routings(
    service_referent, service_referent_client, municipal_service, item
):
    mine = RoutingFactory(agenda_item=item, service=municipal_service, referent=service_referent)
    other = RoutingFactory(agenda_item=item, service=MunicipalServiceFactory(name="Polizia locale"))
    page = service_referent_client.get("/area-riservata/segnalazioni/").content.decode()
    assert f"/area-riservata/segnalazioni/{mine.pk}/" in page
    assert f"/area-riservata/segnalazioni/{other.pk}/" not in page
    assert service_referent_client.get(f"/area-riservata/segnalazioni/{other.pk}/").status_code == 404
    response = service_referent_client.post(
        f"/area-riservata/segnalazioni/{mine.pk}/",
        {"status": "answered", "contribution": "Attiviamo i custodi sociali."},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == RoutingStatus.ANSWERED
    dashboard = service_referent_client.get("/area-riservata/").content.decode()
    assert "Temi per il tuo servizio" in dashboard


def test_routing_page_is_403_for_representatives(org_rep_client, item):
    routing = RoutingFactory(agenda_item=item)
    assert org_rep_client.get(f"/area-riservata/segnalazioni/{routing.pk}/").status_code == 403


def test_staff_see_late_routings_before_the_meeting(staff_client, item):
    late = RoutingFactory(agenda_item=item, due_date=timezone.localdate() - dt.timedelta(days=1))
    RoutingFactory(
        agenda_item=item, due_date=timezone.localdate() - dt.timedelta(days=1), status=RoutingStatus.ANSWERED
    )
    page = staff_client.get(f"/area-riservata/incontri/{item.meeting.pk}/").content.decode()
    assert "Segnalazioni in ritardo" in page and late.service.name in page
    dashboard = staff_client.get("/area-riservata/").content.decode()
    assert "1 segnalazione in ritardo" in dashboard


def test_staff_create_a_meeting_add_items_and_convene(
    staff_client, municipal_service, service_referent, org_rep
):
    start = (timezone.localtime() + dt.timedelta(days=15)).replace(second=0, microsecond=0)
    response = staff_client.post(
        "/area-riservata/incontri/nuovo/",
        {
            "title": "Plenaria di gennaio",
            "kind": "plenary",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Sala Rubicone",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    manage_url = response["Location"]
    response = staff_client.post(
        f"{manage_url}punti/nuovo/", {"title": "Anziani soli", "themes": [theme("anziani").pk]}, follow=True
    )
    assert "Punto aggiunto e inviato a 1 servizi competenti" in response.content.decode()
    response = staff_client.post(f"{manage_url}convoca/", follow=True)
    assert "Incontro convocato" in response.content.decode()


def test_meeting_form_errors_in_italian(staff_client):
    response = staff_client.post(
        "/area-riservata/incontri/nuovo/",
        {"title": "X", "kind": "plenary", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T09:00"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;incontro deve terminare dopo l&#x27;inizio" in content or "terminare dopo" in content


def test_ics_and_calendar_feed(anonymous):
    meeting = MeetingFactory(status=MeetingStatus.CONVENED, title="Plenaria pubblica")
    MeetingFactory(status=MeetingStatus.CONVENED, is_public=False, title="Riservata")
    response = anonymous.get(f"/incontri/{meeting.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(response.content).events
    assert str(event["UID"]) == f"meeting-{meeting.pk}@tavolo.comune.example.it"
    feed = icalendar.Calendar.from_ical(anonymous.get("/calendario.ics").content)
    summaries = [str(e["SUMMARY"]) for e in feed.events]
    assert "Plenaria pubblica" in summaries and "Riservata" not in summaries


def test_calendar_feed_includes_training_sessions(anonymous):
    TrainingSessionFactory(title="Progettare insieme il welfare di comunità", lessons=2)
    TrainingSessionFactory(title="Corso ancora in bozza", status="draft")
    feed = icalendar.Calendar.from_ical(anonymous.get("/calendario.ics").content)
    summaries = [str(e["SUMMARY"]) for e in feed.events]
    # One event per lesson, each named after its course; drafts stay out of the public feed.
    assert sum("Progettare insieme il welfare di comunità" in s for s in summaries) == 2
    assert not any("Corso ancora in bozza" in s for s in summaries)


def test_home_page_lists_upcoming_public_meetings(anonymous):
    MeetingFactory(status=MeetingStatus.CONVENED, title="Plenaria di Natale")
    assert "Plenaria di Natale" in anonymous.get("/").content.decode()


def test_representative_dashboard_shows_meetings_and_proposals(org_rep_client, item, staff):
    services.meeting_convene(meeting=item.meeting, by=staff)
    content = org_rep_client.get("/area-riservata/").content.decode()
    assert "Plenaria di dicembre" in content and "non hai ancora risposto" in content.lower()
    assert "Proponi un tema" in content


def test_management_page_and_routing_list_query_counts_do_not_grow(
    staff_client, service_referent_client, service_referent, municipal_service, django_assert_num_queries
):
    def build(n_items):
        meeting = MeetingFactory(status=MeetingStatus.DRAFT)
        for i in range(n_items):
            item = AgendaItemFactory(meeting=meeting, position=i + 1, themes=[theme("anziani")])
            RoutingFactory(agenda_item=item, service=municipal_service, referent=service_referent)
        return meeting

    small, large = build(1), build(6)
    # Read after a write (a new pages version): the session, the user, the user's roles, the meeting, its
    # items, their themes, their routings, its history, the services (their options), the themes (the
    # empty agenda-item form), the proposals to place; and, on the first page only, the header's count of
    # unread notifications (then kept until the person's notifications change: core.notifications).
    pages_changed()
    with django_assert_num_queries(12):
        staff_client.get(f"/area-riservata/incontri/{small.pk}/")
    pages_changed()
    with django_assert_num_queries(11):
        staff_client.get(f"/area-riservata/incontri/{large.pk}/")
    # Then, until the next write, the meeting and the parts shared by the staff come from the cache
    # (core.fragments): only the session, the user and the user's roles.
    staff_client.get(f"/area-riservata/incontri/{small.pk}/")  # kept under the version before the last
    with django_assert_num_queries(3):
        staff_client.get(f"/area-riservata/incontri/{small.pk}/")
    with django_assert_num_queries(3):
        staff_client.get(f"/area-riservata/incontri/{large.pk}/")
    service_referent_client.get("/area-riservata/segnalazioni/")
    # The session, the user, the user's roles (the page is for referents and staff), the routings and how
    # many there are (the list is paginated); the header's unread count is kept (core.notifications).
    with django_assert_num_queries(5):
        response = service_referent_client.get("/area-riservata/segnalazioni/")
    assert response.content.decode().count("/area-riservata/segnalazioni/") >= 7


def test_routing_list_shows_twenty_routings_a_page(
    service_referent_client, service_referent, municipal_service
):
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    for i in range(23):
        item = AgendaItemFactory(meeting=meeting, position=i + 1, title=f"Tema numero {i + 1:02d}")
        RoutingFactory(agenda_item=item, service=municipal_service, referent=service_referent)
    first = service_referent_client.get("/area-riservata/segnalazioni/").content.decode()
    second = service_referent_client.get("/area-riservata/segnalazioni/?page=2").content.decode()
    assert first.count("Tema numero") == 20
    assert second.count("Tema numero") == 3
    assert "Pagina 1 di 2" in first and 'href="?page=2"' in first
