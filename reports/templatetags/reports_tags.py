"""Template helpers of the reports app: numbers in the Italian way, and dictionary look-ups."""

from __future__ import annotations

import datetime as dt

from django import template

from core.italian import format_date
from reports.charts import format_euro, format_number

register = template.Library()


@register.filter
def num(value: object) -> str:
    """1234 -> "1.234", 12.5 -> "12,5"; empty for missing values."""
    if value is None or value == "":
        return "–"
    try:
        return format_number(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def percent(value: object) -> str:
    """A percentage (80 or 82.5, as the training figures give it) as "80%" or "82,5%"."""
    if value is None or value == "":
        return "–"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f"{format_number(round(number, 1))}%"


@register.filter
def euro(value: object) -> str:
    """An amount with its cents, the Italian way: 17000.75 -> "17.000,75"."""
    if value is None or value == "":
        return "–"
    try:
        return format_euro(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def isodate(value: object, style: str = "j F Y") -> str:
    """An ISO date of the figures ("2024-12-31") as Italian documents write it ("31 dicembre 2024")."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, style)


@register.filter
def item(mapping: object, key: str) -> object:
    """`row|item:"count"`: a key of a dict (the figures are plain JSON)."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""


@register.simple_tag
def organisation_initiatives(organisation) -> list:
    """The validated initiatives an organisation leads or joins (for members' profile page)."""
    from reports.selectors import validated_initiatives_of

    if organisation is None or not getattr(organisation, "pk", None):
        return []
    return list(validated_initiatives_of(organisation))
