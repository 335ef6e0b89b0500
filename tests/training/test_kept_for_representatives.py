"""The representative's training panel and open sessions are kept per set of organisations
(core.dashboard.shared_panels, training.selectors.open_sessions_kept): each organisation sees its own
people, a write shows on the next request, and the clock opening or closing registrations too."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory

DASHBOARD = "/area-riservata/"
MINE = "/area-riservata/formazione/iscrizioni/"


def test_sessions_join_and_leave_the_lists_when_registrations_open_and_close(org_rep_client, monkeypatch):
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    TrainingSessionFactory(title="Corso che chiude presto", registration_closes_at=now + hour)
    TrainingSessionFactory(title="Corso che apre tra poco", registration_opens_at=now + hour)
    for _visit in range(2):  # the second one from the kept panel and list
        for url in (DASHBOARD, MINE):
            page = org_rep_client.get(url).content.decode()
            assert "Corso che chiude presto" in page and "Corso che apre tra poco" not in page, url
    # No write in between: only the clock moves.
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=2))
    for url in (DASHBOARD, MINE):
        page = org_rep_client.get(url).content.decode()
        assert "Corso che chiude presto" not in page and "Corso che apre tra poco" in page, url


def test_each_organisation_sees_its_own_people_and_a_new_registration_at_once(
    org_rep_client, other_org_rep_client, rep_org, other_org
):
    session = TrainingSessionFactory(title="Corso comune")
    RegistrationFactory(session=session, organisation=rep_org, first_name="Lia", last_name="Casadei")
    RegistrationFactory(session=session, organisation=other_org, first_name="Ugo", last_name="Fabbri")
    for _visit in range(2):
        mine = org_rep_client.get(DASHBOARD).content.decode()
        theirs = other_org_rep_client.get(DASHBOARD).content.decode()
        assert "Lia Casadei: Corso comune" in mine and "Ugo Fabbri" not in mine
        assert "Ugo Fabbri: Corso comune" in theirs and "Lia Casadei" not in theirs
    RegistrationFactory(session=session, organisation=rep_org, first_name="Eva", last_name="Neri")
    assert "Eva Neri: Corso comune" in org_rep_client.get(DASHBOARD).content.decode()


def test_the_history_rows_link_the_session_and_the_cancellation_and_show_the_first_lesson(
    org_rep_client, rep_org
):
    session = TrainingSessionFactory(title="Corso del 2031", lessons=0)
    LessonFactory(session=session, starts_at=dt.datetime(2031, 3, 5, 10, tzinfo=ZoneInfo("Europe/Rome")))
    LessonFactory(session=session, starts_at=dt.datetime(2031, 3, 12, 10, tzinfo=ZoneInfo("Europe/Rome")))
    registration = RegistrationFactory(session=session, organisation=rep_org, first_name="Lia")
    page = org_rep_client.get(MINE).content.decode()
    assert f'<td><a href="/formazione/{session.pk}/">Corso del 2031</a></td>' in page
    assert "<td>05/03/2031</td>" in page
    assert f'action="/area-riservata/formazione/iscrizioni/{registration.pk}/annulla/"' in page
    assert reverse("training:registration_cancel", args=[registration.pk]) in page
