"""Text typed into the portal's forms: control characters never get past the form boundary, numbers
are read the Italian way.

A control character pasted into a name breaks the XLSX exports (XLSX cannot hold it), a newline in a
single-line field such as a title breaks calendar files and e-mail subjects. Every form of the portal
inherits `CleanTextMixin` (a test walks them all), so each text field is cleaned here, once.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator

# "1.250", "12.500.000", "4.500,00": thousands grouped with dots, an optional decimal comma.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_NUMERIC_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)

# Every way of ending a line (str.splitlines() and so e-mail headers break on all of them).
_LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_STRIPPED_CATEGORIES = {"Cc", "Cs"}  # control characters, lone surrogates
# Invisible characters that change what a reader sees without showing themselves: bidirectional
# embeddings, overrides and isolates (a name that reads backwards), zero-width space, byte-order mark.
# The zero-width joiner stays: emoji sequences need it.
# The longest text any field takes when neither the model nor the form sets a limit (a TextField): the
# rules' whole text fits several times; a pasted megabyte gets a message on its field instead.
LONGEST_TEXT = 50_000
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


def italian_number(value: str) -> str:
    """A number typed the Italian way in the form Python reads: "1.250" -> "1250", "4.500,00" -> "4500.00".

    "86,1" -> "86.1"; anything else ("1.5", "abc") is left for the field to accept or refuse.
    """
    text = value.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if _GROUPED.match(text):
        text = text.replace(".", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return text


def localise_number_field(field: forms.Field) -> None:
    """A text input with a numeric keyboard instead of the browser's number field (whose accepted
    separators depend on the browser's language), showing its value the Italian way ("4500,00")."""
    if not isinstance(field, _NUMERIC_FIELDS) or not isinstance(field.widget, forms.NumberInput):
        return
    attrs = {key: value for key, value in field.widget.attrs.items() if key not in ("min", "max", "step")}
    # DecimalField and FloatField are IntegerField subclasses: they are the ones with a decimal comma.
    attrs["inputmode"] = "decimal" if isinstance(field, (forms.DecimalField, forms.FloatField)) else "numeric"
    field.widget = forms.TextInput(attrs=attrs)
    field.localize = True
    field.widget.is_localized = True


def limit_text_length(field: forms.Field) -> None:
    """Give a text field without a length limit (a TextField, a form's free text) `LONGEST_TEXT`; a limit
    set after the field was built (`field.max_length = 4000`) gets the validator it would have had."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return
    if field.max_length is None:
        field.max_length = LONGEST_TEXT
    if not any(
        isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators
    ):
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(field.max_length))
        typed_into = isinstance(field.widget, forms.Textarea) or getattr(field.widget, "input_type", "") in (
            "text",
            "email",
            "url",
            "search",
            "tel",
        )
        if typed_into:
            field.widget.attrs["maxlength"] = str(field.max_length)


def is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


class CleanTextMixin:
    """Strips control characters from every text field before validation (passwords are left as typed).

    A field is multi-line when its widget is a text area: it keeps newlines and tabs. Numeric fields
    accept numbers typed the Italian way ("1.250", "4.500,00") in a text input with `inputmode`.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            localise_number_field(field)
            limit_text_length(field)

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
                elif isinstance(field, _NUMERIC_FIELDS) and isinstance(data.get(key), str):
                    data[key] = italian_number(data[key])
            self.data = data
        super().full_clean()
