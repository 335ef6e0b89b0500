"""Cells that spreadsheet programs open as text: the one guard of every CSV and XLSX the portal writes.

A text starting with = + - @ (or a tab or carriage return) is run as a formula when a CSV is opened in
a spreadsheet program (CSV/formula injection): such a CSV cell gets a leading quote, as OWASP advises.
An XLSX cell carries its type, so text is stored as text and needs no quote: a phone number such as
"+39 0544 123456" stays exactly as typed there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def csv_cell(value: object) -> object:
    """The value for a CSV cell: text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def xlsx_append(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append a row whose text cells stay text (never formulas); characters XLSX cannot hold are dropped."""
    sheet.append(
        [ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values]
    )
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # openpyxl reads any text starting with "=" as a formula
            cell.data_type = "s"
