"""Hours attended per participant, from the lesson registers: the staff list and its exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import LessonFactory, RegistrationFactory, TrainingSessionFactory
from training import services
from training.models import Registration

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def session(staff):
    """Two lessons held (2 h on 2 March 2026, 1 h 30 on 9 March 2026) with their register; a third (3 h,
    10 March 2099) has none yet. Anna came to both, Bruno to the first, Carla to none."""
    session = TrainingSessionFactory(title="Corso sulla rete", status="held", lessons=0)
    first = LessonFactory(
        session=session,
        starts_at=dt.datetime(2026, 3, 2, 17, 0, tzinfo=ROME),
        ends_at=dt.datetime(2026, 3, 2, 19, 0, tzinfo=ROME),
    )
    second = LessonFactory(
        session=session,
        starts_at=dt.datetime(2026, 3, 9, 17, 0, tzinfo=ROME),
        ends_at=dt.datetime(2026, 3, 9, 18, 30, tzinfo=ROME),
    )
    LessonFactory(
        session=session,
        starts_at=dt.datetime(2099, 3, 10, 17, 0, tzinfo=ROME),
        ends_at=dt.datetime(2099, 3, 10, 20, 0, tzinfo=ROME),
    )
    created = dt.datetime(2026, 2, 1, 10, 15, tzinfo=ROME)
    anna = RegistrationFactory(session=session, last_name="Alberti", first_name="Anna", queued_at=created)
    bruno = RegistrationFactory(session=session, last_name="Bassi", first_name="Bruno", queued_at=created)
    RegistrationFactory(session=session, last_name="Conti", first_name="Carla", queued_at=created)
    waiting = RegistrationFactory(session=session, last_name="Dini", first_name="Dario", status="waiting")
    Registration.objects.filter(session=session).update(created_at=created)
    services.attendance_record(
        session=session, present={(anna.pk, first.pk), (anna.pk, second.pk), (bruno.pk, first.pk)}, by=staff
    )
    assert waiting.status == "waiting"
    return session


def test_the_staff_list_shows_the_hours_and_the_lessons_without_register(staff_client, session):
    page = staff_client.get(reverse("training:manage_session", args=[session.pk])).text
    assert '<th scope="col">Ore frequentate</th>' in page
    confirmed = page.split("Partecipanti confermati", 1)[1].split("</table>", 1)[0]
    cells = [
        row.split("</th>", 1)[1]
        for row in confirmed.split("<tr>")[2:]  # after the caption's and the header's rows
    ]
    # Organisation, registered on, hours attended, certificate.
    hours = [cell.split("<td>")[3].split("</td>")[0] for cell in cells]
    assert hours == ["3,50", "2", "0"]
    assert "1 lezione non ha ancora il registro (10 marzo 2099)" in page


def test_the_exports_carry_the_hours_as_numbers(staff_client, session):
    response = staff_client.get(reverse("training:export_xlsx", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[7:10] == ["Iscritto il", "Ore frequentate", "Lezioni ancora senza registro"]
    by_name = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert {name: row[8].value for name, row in by_name.items()} == {
        "Alberti": 3.5,
        "Bassi": 2,
        "Conti": 0,
        "Dini": None,  # on the waiting list: took part in nothing
    }
    anna = by_name["Alberti"]
    assert (anna[8].data_type, anna[8].number_format) == ("n", "0.0")
    assert (anna[9].value, anna[9].number_format) == (1, "0")
    assert anna[7].is_date and anna[7].value == dt.datetime(2026, 2, 1, 10, 15)
    assert anna[0].value == 1 and anna[0].data_type == "n"

    text = staff_client.get(reverse("training:export_csv", args=[session.pk])).content.decode("utf-8-sig")
    rows = {row[1]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert [rows[name][8] for name in ("Alberti", "Bassi", "Conti", "Dini")] == ["3,5", "2", "0", ""]
    assert rows["Alberti"][7] == "01/02/2026 10:15" and rows["Alberti"][9] == "1"
