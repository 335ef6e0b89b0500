"""The staff's meetings list and management page: paginated lists, and parts kept in the cache that
show every write on the next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.pagecache import pages_changed
from meetings import services
from meetings.models import MeetingStatus
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    TopicProposalFactory,
    theme,
)

pytestmark = pytest.mark.django_db

LIST = "/area-riservata/incontri/"


def _upcoming(n: int) -> None:
    now = timezone.now().replace(microsecond=0)
    for i in range(1, n + 1):
        MeetingFactory(title=f"Incontro futuro {i:02d}", starts_at=now + dt.timedelta(days=i))


def _past(n: int) -> None:
    now = timezone.now().replace(microsecond=0)
    for i in range(1, n + 1):
        MeetingFactory(
            title=f"Incontro passato {i:02d}", status=MeetingStatus.HELD, starts_at=now - dt.timedelta(days=i)
        )


def test_upcoming_meetings_are_listed_ten_a_page(staff_client):
    _upcoming(12)
    first = staff_client.get(LIST).content.decode()
    # The first ten by date, then a link to the second page (Italian pagination: "Pagina 1 di 2").
    assert [f"Incontro futuro {i:02d}" in first for i in range(1, 13)] == [True] * 10 + [False] * 2
    assert "Pagina 1 di 2" in first and 'href="?page=2"' in first
    assert "Pagine dei prossimi incontri" in first
    second = staff_client.get(LIST, {"page": 2}).content.decode()
    assert [f"Incontro futuro {i:02d}" in second for i in range(1, 13)] == [False] * 10 + [True] * 2
    assert "Pagina 2 di 2" in second and 'href="?page=1"' in second


def test_few_upcoming_meetings_have_no_pages(staff_client):
    _upcoming(3)
    content = staff_client.get(LIST).content.decode()
    assert all(f"Incontro futuro {i:02d}" in content for i in (1, 2, 3))
    assert "Pagine dei prossimi incontri" not in content


def test_each_list_keeps_the_page_of_the_other(staff_client):
    _upcoming(11)
    _past(11)
    content = staff_client.get(LIST, {"page": 2, "pagina": 2}).content.decode()
    assert "Incontro futuro 11" in content and "Incontro futuro 10" not in content
    assert "Incontro passato 11" in content and "Incontro passato 10" not in content
    # The upcoming list's links keep the past list's page, and the other way round.
    assert 'href="?pagina=2&amp;page=1"' in content
    assert 'href="?page=2&amp;pagina=1"' in content


def test_meetings_list_shows_a_write_on_the_next_request(staff_client):
    _upcoming(1)
    before = staff_client.get(LIST).content.decode()
    assert "0 proposte di temi da decidere" in before and "Nuova plenaria" not in before
    MeetingFactory(title="Nuova plenaria")
    TopicProposalFactory()
    after = staff_client.get(LIST).content.decode()
    assert "1 proposta di tema da decidere" in after and "Nuova plenaria" in after


def test_management_page_shows_a_write_on_the_next_request(staff, staff_client, org_rep):
    meeting = MeetingFactory(status=MeetingStatus.DRAFT, starts_at=timezone.now() + dt.timedelta(days=20))
    AgendaItemFactory(meeting=meeting, position=1, title="Punto sugli anziani", themes=[theme("anziani")])
    page = f"/area-riservata/incontri/{meeting.pk}/"
    before = staff_client.get(page).content.decode()
    assert "Punto sugli anziani" in before
    assert "Proposte da inserire in un ordine del giorno" not in before
    assert "Servizio appena istituito" not in before

    AgendaItemFactory(meeting=meeting, position=2, title="Punto sulla casa", themes=[theme("casa")])
    TopicProposalFactory(title="Trasporto sociale la domenica")
    MunicipalServiceFactory(name="Servizio appena istituito")
    after = staff_client.get(page).content.decode()
    assert "Punto sulla casa" in after
    assert "Proposte da inserire in un ordine del giorno" in after
    assert "Trasporto sociale la domenica" in after
    assert ">Servizio appena istituito</option>" in after

    # Convened: two organisations invited (the representative's and the proposal's), no answer yet;
    # then the representative's answers.
    services.meeting_convene(meeting=meeting, by=staff)
    convened = staff_client.get(page).content.decode()
    assert "Organizzazioni invitate: 2; parteciperanno: 0; non parteciperanno: 0." in convened
    meeting.refresh_from_db()
    services.attendance_reply(
        meeting=meeting, organisation=org_rep.representations.get().organisation, by=org_rep, status="present"
    )
    answered = staff_client.get(page).content.decode()
    assert "Organizzazioni invitate: 2; parteciperanno: 1; non parteciperanno: 0." in answered


def test_meetings_list_query_counts(staff_client, django_assert_num_queries):
    _upcoming(12)
    _past(12)
    # After a write: the session, the user, the user's roles, the two lists' counts (one query), the
    # late routings, the proposals to decide, one page of each list and (first page of this person) the
    # count of notifications, then kept until their notifications change (core.notifications).
    pages_changed()
    with django_assert_num_queries(9):
        staff_client.get(LIST)
    # Then the figures and the pages come from the cache until the next write (core.fragments).
    with django_assert_num_queries(3):
        staff_client.get(LIST)
    with django_assert_num_queries(5):
        staff_client.get(LIST, {"page": 2, "pagina": 2})  # two pages not read yet
