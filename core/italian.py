"""Italian articles and articulated prepositions chosen by the word that follows them.

"l'8 luglio", "dall'11 aprile", "dell'86,1%", "dello SPID", "il 18 maggio": the form depends on how the
following date, number or word is *read aloud*, so it cannot be written by hand in a catalogue where
the value is a variable. `articled()` picks it; the template filter `articled` (core/templatetags/
tavolo_ui.py) is the same function.

The article is added only while Italian is the active language: the English message keeps its own
preposition ("member since %(date)s"), the Italian one leaves it to the value ("aderente %(date)s"
with date = articled(day, "da")). Words are taken as masculine singular (dates and numbers are):
where a name's gender is unknown, build the sentence without an article (docs/italiano.md).
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

# preposition -> (before a consonant, before a vowel [elided, no space], before s+consonant, z, gn, ps, x)
_FORMS: dict[str, tuple[str, str, str]] = {
    "": ("il", "l'", "lo"),
    "di": ("del", "dell'", "dello"),
    "da": ("dal", "dall'", "dallo"),
    "a": ("al", "all'", "allo"),
    "in": ("nel", "nell'", "nello"),
    "su": ("sul", "sull'", "sullo"),
}
_LEADING_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(°|ª)?")
_VOWELS = "aeiouàèéìòóùhAEIOUÀÈÉÌÒÓÙH"


def _number_starts_with_vowel(digits: str) -> bool:
    """Whether the Italian reading of a whole number starts with a vowel (uno, otto, undici, ottanta...)."""
    number = int(digits.replace(".", ""))
    if number >= 1_000_000:
        # "un milione" (vowel), "otto milioni", "undici milioni", "ottanta milioni"...
        leading = number // 1_000_000
        while leading >= 1_000:
            leading //= 1_000
        return leading == 1 or _number_starts_with_vowel(str(leading))
    if number >= 1_000:
        leading = number // 1_000
        # "mille" is read with a consonant; "ottomila", "undicimila", "ottantamila" with a vowel.
        return leading != 1 and _number_starts_with_vowel(str(leading))
    if number >= 100:
        return number // 100 == 8  # "ottocento"; "cento", "duecento"... start with a consonant
    return number in (1, 8, 11) or 80 <= number <= 89


def _kind(value: str) -> int:
    """0 for the plain form (il), 1 for the elided one (l'), 2 for lo."""
    text = value.lstrip()
    if not text:
        return 0
    match = _LEADING_NUMBER.match(text)
    if match:
        if match.group(2):  # an ordinal: "1°" is read "primo"
            return 0
        return 1 if _number_starts_with_vowel(match.group(1)) else 0
    if text[0] in _VOWELS:
        return 1
    lowered = text[:2].lower()
    if (
        lowered[0] in "zxy"
        or lowered in ("gn", "ps", "pn")
        or (lowered[0] == "s" and len(lowered) == 2 and lowered[1].isalpha() and lowered[1] not in _VOWELS)
    ):
        return 2
    return 0


def article_for(value: str, preposition: str = "") -> str:
    """The article (articulated with `preposition`: "", di, da, a, in, su) that goes before `value`."""
    try:
        forms = _FORMS[preposition.strip().lower()]
    except KeyError:
        raise ValueError(f"articled: unknown preposition {preposition!r}") from None
    return forms[_kind(str(value))]


def articled(value: object, preposition: str = "") -> str:
    """`value` preceded by its article or articulated preposition when Italian is active ("dall'8 luglio")."""
    text = str(value)
    if not (get_language() or "it").startswith("it"):
        return text
    article = article_for(text, preposition)
    return f"{article}{text.lstrip()}" if article.endswith("'") else f"{article} {text.lstrip()}"


_MONTHS = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
_FIRST_OF_MONTH = re.compile(rf"(?<![\d.,:/°])\b1 ({_MONTHS})\b", re.IGNORECASE)


def first_of_month(text: str) -> str:
    """ "1 ottobre" -> "1° ottobre": Italian writes the first day of a month as an ordinal.

    Only while Italian is active, and only before a month's name (a time, a count or "21 ottobre" are
    left alone).
    """
    if not (get_language() or "it").startswith("it"):
        return text
    return _FIRST_OF_MONTH.sub(r"1° \1", text)


def format_date(value, format_string: str) -> str:
    """`django.utils.formats.date_format`, with the first of the month written "1°" in Italian."""
    from django.utils.formats import date_format

    return first_of_month(date_format(value, format_string))
