"""The office's attendance exports: per meeting and per year, CSV and XLSX, staff only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services
from meetings.models import AttendanceReply, Invitation, ReplyStatus
from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
HEADER = ["Data dell'incontro", "Incontro", "Organizzazione", "Presente o assente", "Chi ha partecipato"]


def _meeting(title: str, when: dt.datetime, organisations, status: str = "held"):
    meeting = MeetingFactory(title=title, starts_at=when, ends_at=when + dt.timedelta(hours=2), status=status)
    for organisation in organisations:
        Invitation.objects.create(meeting=meeting, organisation=organisation)
    return meeting


@pytest.fixture
def march(staff_client):
    """12 March 2026: Auser and Caritas came (named), Pro Loco did not; recorded through the staff form."""
    auser = OrganisationFactory(name="Auser Cervia", phone="+39 0544 979111")
    caritas = OrganisationFactory(name="Caritas Cervia")
    proloco = OrganisationFactory(name="Pro Loco Milano Marittima")
    meeting = _meeting(
        "Plenaria di marzo", dt.datetime(2026, 3, 12, 17, 30, tzinfo=ROME), [proloco, caritas, auser]
    )
    AttendanceReply.objects.create(
        meeting=meeting, organisation=auser, status=ReplyStatus.PRESENT, attendee_names="Maria Rossi"
    )
    form = staff_client.get(reverse("meetings:attendance", args=[meeting.pk])).text
    # The names the organisation announced are offered, to be confirmed.
    assert f'name="attended_by_{auser.pk}"' in form and 'value="Maria Rossi"' in form
    response = staff_client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            "organisations": [auser.pk, caritas.pk],
            f"attended_by_{auser.pk}": "Maria Rossi",
            f"attended_by_{caritas.pk}": "Luca Bianchi,  Giulia Verdi",
            f"attended_by_{proloco.pk}": "Nessuno",  # not present: not kept
        },
    )
    assert response.status_code == 302
    return meeting


MARCH_ROWS = [
    ["12/03/2026", "Plenaria di marzo", "Auser Cervia", "Presente", "Maria Rossi"],
    ["12/03/2026", "Plenaria di marzo", "Caritas Cervia", "Presente", "Luca Bianchi, Giulia Verdi"],
    ["12/03/2026", "Plenaria di marzo", "Pro Loco Milano Marittima", "Assente", ""],
]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content)).active


def test_meeting_csv_has_one_row_per_invited_organisation(staff_client, march):
    response = staff_client.get(reverse("meetings:attendance_csv", args=[march.pk]))
    assert f'filename="presenze-incontro-{march.pk}.csv"' in response["Content-Disposition"]
    assert _csv(response) == [HEADER, *MARCH_ROWS]
    # The name typed for an organisation not ticked present is not stored.
    assert list(march.attendances.order_by("organisation__name").values_list("attended_by", flat=True)) == [
        "Maria Rossi",
        "Luca Bianchi, Giulia Verdi",
        "",
    ]


def test_meeting_xlsx_has_real_dates_and_text_cells(staff_client, march):
    sheet = _xlsx(staff_client.get(reverse("meetings:attendance_xlsx", args=[march.pk])))
    print("\nXLSX presenze, come la legge openpyxl:")
    for row in sheet.iter_rows():
        print(" | ".join(f"{c.value!s} [{c.data_type} {c.number_format}]" for c in row))
    assert [c.value for c in sheet[1]] == HEADER
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [dt.datetime(2026, 3, 12), "Plenaria di marzo", "Auser Cervia", "Presente", "Maria Rossi"],
        [
            dt.datetime(2026, 3, 12),
            "Plenaria di marzo",
            "Caritas Cervia",
            "Presente",
            "Luca Bianchi, Giulia Verdi",
        ],
        [dt.datetime(2026, 3, 12), "Plenaria di marzo", "Pro Loco Milano Marittima", "Assente", None],
    ]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].is_date and row[0].number_format == "DD/MM/YYYY"
        assert {c.data_type for c in row[1:] if c.value is not None} == {"s"}


def test_year_export_lists_the_years_meetings_in_order(staff_client, march):
    caritas = OrganisationFactory(name="Caritas Cervia 2")
    excused = OrganisationFactory(name="Anteas Cervia")
    june = _meeting(
        "Gruppo di lavoro di giugno", dt.datetime(2026, 6, 4, 9, 0, tzinfo=ROME), [caritas, excused]
    )
    # Anteas answered it would not come: its absence is excused.
    AttendanceReply.objects.create(meeting=june, organisation=excused, status=ReplyStatus.ABSENT)
    services.attendance_record(
        meeting=june,
        by=None,
        present_organisation_ids=[caritas.pk],
        present_service_ids=[],
        attended_by={caritas.pk: "Sara Neri"},
    )
    # Not in the 2026 export: a meeting of 2025, a draft, a cancelled meeting.
    # In it: a convened meeting whose attendance is not recorded yet.
    _meeting("Plenaria 2025", dt.datetime(2025, 12, 31, 18, 0, tzinfo=ROME), [caritas])
    _meeting("Bozza", dt.datetime(2026, 7, 1, 18, 0, tzinfo=ROME), [caritas], status="draft")
    _meeting("Annullata", dt.datetime(2026, 7, 2, 18, 0, tzinfo=ROME), [caritas], status="cancelled")
    _meeting("Convocata", dt.datetime(2026, 9, 1, 18, 0, tzinfo=ROME), [caritas], status="convened")
    rows = _csv(staff_client.get(reverse("meetings:attendance_year_csv", args=[2026])))
    assert rows == [
        HEADER,
        *MARCH_ROWS,
        ["04/06/2026", "Gruppo di lavoro di giugno", "Anteas Cervia", "Assente giustificata", ""],
        ["04/06/2026", "Gruppo di lavoro di giugno", "Caritas Cervia 2", "Presente", "Sara Neri"],
        ["01/09/2026", "Convocata", "Caritas Cervia 2", "Non registrata", ""],
    ]
    sheet = _xlsx(staff_client.get(reverse("meetings:attendance_year_xlsx", args=[2026])))
    assert sheet.max_row == 7 and sheet["A5"].value == dt.datetime(2026, 6, 4)


def test_the_pages_link_the_exports(staff_client, march):
    manage = staff_client.get(reverse("meetings:manage", args=[march.pk])).text
    assert f"/area-riservata/incontri/{march.pk}/presenze.xlsx" in manage
    assert f"/area-riservata/incontri/{march.pk}/presenze.csv" in manage
    year = staff_client.get("/area-riservata/incontri/presenze/2026/").text
    assert "Presenze 2026" in year and "Plenaria di marzo" in year
    assert (
        "/area-riservata/incontri/presenze/2026.xlsx" in year
        and "/area-riservata/incontri/presenze/2026.csv" in year
    )
    assert "/area-riservata/incontri/presenze/2025/" in year
    listing = staff_client.get(reverse("meetings:manage_list")).text
    assert "/area-riservata/incontri/presenze/" in listing


def test_the_exports_are_for_staff_only(org_rep_client, service_referent_client, anonymous, march):
    urls = [
        f"/area-riservata/incontri/{march.pk}/presenze.csv",
        f"/area-riservata/incontri/{march.pk}/presenze.xlsx",
        "/area-riservata/incontri/presenze/2026/",
        "/area-riservata/incontri/presenze/2026.csv",
        "/area-riservata/incontri/presenze/2026.xlsx",
    ]
    for url in urls:
        assert org_rep_client.get(url).status_code == 403
        assert service_referent_client.get(url).status_code == 403
        assert anonymous.get(url).status_code == 302
