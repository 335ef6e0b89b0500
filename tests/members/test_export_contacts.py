"""The staff's organisations export carries the contacts: the organisation's and its representatives'."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import OrganisationFactory, RepresentativeFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT_COLUMNS = [
    "Indirizzo",
    "PEC",
    "E-mail",
    "Telefono",
    "Stato",
    "Aderente dal",
    "Referente principale",
    "E-mail del referente principale",
    "Telefono del referente principale",
    "Altri referenti",
]


@pytest.fixture
def auser():
    organisation = OrganisationFactory(
        name="Auser Cervia",
        address="Via Caduti per la Libertà 11, Cervia",
        pec="auser.cervia@pec.example.it",
        email="info@auser.example.org",
        phone="+39 0544 979111",
        joined_on=dt.date(2023, 4, 8),
    )
    RepresentativeFactory(
        organisation=organisation,
        user=UserFactory(
            first_name="Maria", last_name="Rossi", email="maria@auser.example.org", phone="+39 333 1234567"
        ),
    )
    RepresentativeFactory(
        organisation=organisation,
        is_primary=False,
        user=UserFactory(first_name="Luca", last_name="Bianchi", email="luca@auser.example.org", phone=""),
    )
    RepresentativeFactory(
        organisation=organisation,
        is_primary=False,
        is_active=False,  # no longer represents it: not a contact
        user=UserFactory(first_name="Ex", last_name="Referente", email="ex@auser.example.org"),
    )
    return organisation


def _pick(header, row):
    return [row[header.index(name)] for name in CONTACT_COLUMNS]


def test_csv_has_the_contacts_and_no_apostrophe_before_phones(staff_client, auser):
    text = staff_client.get(reverse("members:staff_export_csv")).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert _pick(header, row) == [
        "Via Caduti per la Libertà 11, Cervia",
        "auser.cervia@pec.example.it",
        "info@auser.example.org",
        "+39 0544 979111",
        "Aderente",
        "08/04/2023",
        "Maria Rossi",
        "maria@auser.example.org",
        "+39 333 1234567",
        "Luca Bianchi (luca@auser.example.org)",
    ]


def test_xlsx_has_the_contacts_as_text_and_the_date_as_a_date(staff_client, auser):
    sheet = load_workbook(io.BytesIO(staff_client.get(reverse("members:staff_export_xlsx")).content)).active
    header = [c.value for c in sheet[1]]
    cells = _pick(header, list(sheet[2]))
    assert [c.value for c in cells] == [
        "Via Caduti per la Libertà 11, Cervia",
        "auser.cervia@pec.example.it",
        "info@auser.example.org",
        "+39 0544 979111",
        "Aderente",
        dt.datetime(2023, 4, 8),
        "Maria Rossi",
        "maria@auser.example.org",
        "+39 333 1234567",
        "Luca Bianchi (luca@auser.example.org)",
    ]
    since = cells[5]
    assert since.is_date and since.number_format == "DD/MM/YYYY"
    assert {c.data_type for i, c in enumerate(cells) if i != 5} == {"s"}


def test_the_export_reads_each_list_once(staff_client, auser, django_assert_max_num_queries):
    for n in range(5):
        RepresentativeFactory(organisation=OrganisationFactory(name=f"Organizzazione {n}"))
    # The session, the user and their roles, then organisations, sectors, themes and the representatives
    # with their accounts, whatever the number of organisations (8 today).
    with django_assert_max_num_queries(8):
        assert staff_client.get(reverse("members:staff_export_xlsx")).status_code == 200
