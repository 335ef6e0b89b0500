"""Text typed into the portal's forms: control characters never get past the form boundary.

A control character pasted into a name breaks the XLSX exports (XLSX cannot hold it), a newline in a
single-line field such as a title breaks calendar files and e-mail subjects. Every form of the portal
inherits `CleanTextMixin` (a test walks them all), so each text field is cleaned here, once.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms

# Every way of ending a line (str.splitlines() and so e-mail headers break on all of them).
_LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_STRIPPED_CATEGORIES = {"Cc", "Cs"}  # control characters, lone surrogates
# Invisible characters that change what a reader sees without showing themselves: bidirectional
# embeddings, overrides and isolates (a name that reads backwards), zero-width space, byte-order mark.
# The zero-width joiner stays: emoji sequences need it.
_INVISIBLE = frozenset("\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def strip_control(value: str, *, multiline: bool = False) -> str:
    """Drop control and invisible direction-changing characters; a multi-line text keeps newlines (as
    \\n) and tabs, a single line has them turned into spaces."""
    value = _LINE_BREAK.sub("\n", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return "".join(
        ch
        for ch in value
        if ch in "\n\t" or (unicodedata.category(ch) not in _STRIPPED_CATEGORIES and ch not in _INVISIBLE)
    )


def is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


class CleanTextMixin:
    """Strips control characters from every text field before validation (passwords are left as typed).

    A field is multi-line when its widget is a text area: it keeps newlines and tabs.
    """

    def full_clean(self) -> None:
        if self.is_bound and hasattr(self.data, "copy"):
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                is_text = isinstance(field, forms.CharField) and not isinstance(
                    field.widget, forms.PasswordInput
                )
                if is_text and isinstance(data.get(key), str):
                    data[key] = strip_control(data[key], multiline=is_multiline(field))
            self.data = data
        super().full_clean()
