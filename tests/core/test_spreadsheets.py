"""The formula guard of CSV cells and the typed cells of XLSX files (core.spreadsheets)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.spreadsheets import DATE, HOURS, Column, csv_cell, csv_text, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "written"),
    [
        # Hostile: a spreadsheet would run these.
        ('=HYPERLINK("http://evil.example","clic")', '\'=HYPERLINK("http://evil.example","clic")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1", "'\r=1"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+39 0544 979111;=1", "'+39 0544 979111;=1"),
        ("-A1", "'-A1"),
        # Benign: a phone number, a number, the dash of an empty cell, ordinary text.
        ("+", "+"),
        ("+39 0544 979111", "+39 0544 979111"),
        ("+390544979111", "+390544979111"),
        ("-1", "-1"),
        ("-3,5", "-3,5"),
        ("-", "-"),
        ("Auser Cervia", "Auser Cervia"),
        ("0544 979111", "0544 979111"),
        ("", ""),
    ],
)
def test_csv_guard_quotes_formulas_only(value, written):
    assert csv_cell(value) == written


def test_numbers_are_never_quoted():
    assert csv_cell(-2) == -2 and csv_cell(Decimal("-1.5")) == Decimal("-1.5")


COLUMNS = [
    Column("Nome", 30),
    Column("Telefono", 18),
    Column("Dal", 12, DATE),
    Column("Registrato", 18),
    Column("Ore", 8, HOURS),
    Column("Posizione", 8),
]


def _rows():
    rome = ZoneInfo("Europe/Rome")
    return [
        [
            '=HYPERLINK("http://evil.example")',
            "+39 0544 979111",
            dt.date(2026, 7, 8),
            dt.datetime(2026, 7, 8, 15, 30, tzinfo=dt.UTC),
            Decimal("3.50"),
            1,
        ],
        ["@cmd", "-", None, dt.datetime(2026, 12, 31, 23, 30, tzinfo=rome), Decimal("2"), 2],
    ]


def test_xlsx_cells_are_typed_and_text_stays_text():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(title="Prova", columns=COLUMNS, rows=_rows()))).active
    assert [c.value for c in sheet[1]] == ["Nome", "Telefono", "Dal", "Registrato", "Ore", "Posizione"]
    name, phone, since, registered, hours, position = sheet[2]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil.example")', "s")
    assert (phone.value, phone.data_type) == ("+39 0544 979111", "s")
    # A real date, shown as 08/07/2026; the time as read in Cervia (15:30 UTC is 17:30 in July).
    assert since.is_date and since.value == dt.datetime(2026, 7, 8) and since.number_format == "DD/MM/YYYY"
    assert registered.is_date and registered.value == dt.datetime(2026, 7, 8, 17, 30)
    assert registered.number_format == "DD/MM/YYYY HH:MM"
    assert (hours.value, hours.data_type, hours.number_format) == (3.5, "n", "0.0")
    assert (position.value, position.data_type, position.number_format) == (1, "n", "0")
    second = sheet[3]
    assert [(c.value, c.data_type) for c in second[:2]] == [("@cmd", "s"), ("-", "s")]
    assert second[2].value is None
    assert second[3].value == dt.datetime(2026, 12, 31, 23, 30)
    # One number format per column, whatever the value: 2 hours are shown 2,0 like 3,5.
    assert (second[4].value, second[4].number_format) == (2, "0.0")
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width == 30


def test_csv_text_is_excel_italian_and_guarded():
    text = csv_text(columns=COLUMNS, rows=_rows())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1] == [
        '\'=HYPERLINK("http://evil.example")',
        "+39 0544 979111",
        "08/07/2026",
        "08/07/2026 17:30",
        "3,5",
        "1",
    ]
    assert rows[2] == ["'@cmd", "-", "", "31/12/2026 23:30", "2", "2"]
