"""The one way the portal writes CSV and XLSX files: typed cells, one format per column, the formula guard.

XLSX: every cell carries its type. Text is written as a string cell (openpyxl `data_type` "s"), so a
spreadsheet never runs it and no apostrophe is needed: "=HYPERLINK(...)" is shown as those characters and
a phone number "+39 0544 979111" stays exactly that text. Dates are real Excel dates (shown 08/07/2026),
numbers real numbers, and each column has one number format (`Column.number_format`).

CSV carries no types, so text that a spreadsheet would run as a formula (CSV/formula injection) gets a
leading apostrophe, as OWASP advises; see `csv_cell` for the exact rule. The files are written the way
Excel in Italy opens them: UTF-8 with a BOM, ";" between cells, dates 08/07/2026, decimal comma.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Number formats (Excel codes; Excel shows them with the reader's separators: 08/07/2026, 1,5).
DATE = "DD/MM/YYYY"
DATETIME = "DD/MM/YYYY HH:MM"
INTEGER = "0"
DECIMAL = "0.00"
HOURS = "0.0"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Always a formula, whatever follows.
_ALWAYS_FORMULA = ("=", "@", "\t", "\r")
# "+" and "-" start a formula unless the whole value is one of these.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_PHONE = re.compile(r"\+\d{1,4}(?: \d+)+")
_LONE_SIGN = re.compile(r"[+-]")


def csv_cell(value: object) -> object:
    """The value for a CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe.

    The rule, on the first character of a text:
    - "=", "@", a tab or a carriage return: always guarded ("=HYPERLINK(...)", "@cmd");
    - "+" or "-": guarded, unless the whole text is a number ("-1", "+3,5", "1.250,50" with a sign), an
      international phone number written with spaces ("+39 0544 979111") or the sign alone ("-", the usual
      "nothing" in a table): those are not formulas. So "+SUM(A1)", "-2+3" and "+39 0544 979111; =1" are
      guarded, "+39 0544 979111" is written as it is;
    - anything else is written as it is. Values that are not text (numbers) are never guarded.
    """
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in _ALWAYS_FORMULA:
        return "'" + value
    if first in "+-" and not any(p.fullmatch(value) for p in (_NUMBER, _PHONE, _LONE_SIGN)):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading, its width in the XLSX and, for dates and numbers, its format."""

    title: str
    width: int = 20
    number_format: str | None = None


def _default_format(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, (Decimal, float)):
        return DECIMAL
    return None


def _xlsx_value(value: object) -> object:
    if isinstance(value, Promise):  # a lazy translation, e.g. a status label
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None  # an empty text is an empty cell
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Excel has no time zones: the time as read in the municipality.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_append(sheet: Worksheet, values: Iterable[object], formats: Sequence[str | None] = ()) -> None:
    """Append a row: text as string cells (never formulas), dates and numbers typed, in the column's format.

    `formats[i]` is the number format of column i; without one a date, a time or a number gets the
    portal's format for its type. Characters XLSX cannot hold are dropped.
    """
    sheet.append([_xlsx_value(value) for value in values])
    for index, cell in enumerate(sheet[sheet.max_row]):
        if cell.data_type == "f":  # openpyxl reads any text starting with "=" as a formula
            cell.data_type = "s"
        if cell.value is None or cell.data_type == "s":
            continue
        number_format = formats[index] if index < len(formats) and formats[index] else None
        number_format = number_format or _default_format(cell.value)
        if number_format:
            cell.number_format = number_format


def xlsx_bytes(*, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """A one-sheet workbook: bold frozen headings, the columns' widths and formats, one row per entry."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:31]
    sheet.append([column.title for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    formats = [column.number_format for column in columns]
    for row in rows:
        xlsx_append(sheet, row, formats)
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (Decimal, float)):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return csv_cell(value)


def csv_text(*, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> str:
    """The CSV of an export, guarded cell by cell, with a BOM so that Excel reads accented names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([csv_cell(column.title) for column in columns])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return "\ufeff" + buffer.getvalue()
