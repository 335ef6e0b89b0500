"""The rows of /incontri/, written by a template tag in one pass: what a row shows, escaped, in the
portal's Italian, and a change on the next request (answers written by hand)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _row(page: str, title: str) -> str:
    start = page.rindex("<li", 0, page.index(title))
    return page[start : page.index("</li>", start)]


def test_row_shows_when_kind_place_and_items(client):
    starts = dt.datetime(2031, 10, 1, 17, 30, tzinfo=ZoneInfo("Europe/Rome"))
    meeting = MeetingFactory(
        title="Gruppo <casa> & abitare",
        kind="thematic",
        status="convened",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place='Sala "Verde"',
    )
    AgendaItemFactory(meeting=meeting)
    row = _row(client.get(reverse("meetings:list")).content.decode(), "Gruppo &lt;casa&gt;")
    assert (
        f'<a href="/incontri/{meeting.pk}/" class="fw-semibold">Gruppo &lt;casa&gt; &amp; abitare</a>' in row
    )
    assert "Convocata" in row and "Riservato alle organizzazioni aderenti" not in row
    # the first of the month as an Italian office writes it; local time (Rome)
    assert "mercoledì 1° ottobre 2031, 17:30 · Gruppo di lavoro tematico · Sala &quot;Verde&quot;" in row
    assert "1 punto all'ordine del giorno" in row


def test_a_change_shows_on_the_next_request(client):
    meeting = MeetingFactory(title="Plenaria di prova", status="convened", place="")
    row = _row(client.get(reverse("meetings:list")).content.decode(), "Plenaria di prova")
    assert "0 punti all'ordine del giorno" in row
    AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting)
    row = _row(client.get(reverse("meetings:list")).content.decode(), "Plenaria di prova")
    assert "2 punti all'ordine del giorno" in row
