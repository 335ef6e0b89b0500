"""The figures as open-data rows: section, indicator, breakdown, value."""

from __future__ import annotations

from collections.abc import Iterator

SECTIONS = ("membership", "meetings", "training", "decisions", "welfare", "annex")


def _label_of(item: dict) -> str:
    parts = [str(value) for value in item.values() if isinstance(value, str)]
    return " | ".join(parts)


def _rows(section: str, prefix: str, value) -> Iterator[tuple[str, str, str, object]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _rows(section, f"{prefix}.{key}" if prefix else key, inner)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                breakdown = _label_of(item) or str(item.get("year", ""))
                for key, inner in item.items():
                    if isinstance(inner, bool) or (isinstance(inner, (int, float)) and key != "year"):
                        yield (section, f"{prefix}.{key}", breakdown, inner)
                    elif isinstance(inner, list) and all(isinstance(x, str) for x in inner):
                        yield (section, f"{prefix}.{key}", breakdown, "; ".join(inner))
            else:
                yield (section, prefix, "", item)
    else:
        yield (section, prefix, "", value)


def flatten_figures(figures: dict) -> list[tuple[str, str, str, object]]:
    """Every number (and the annex) of the figures, one row each, in the report's order."""
    rows: list[tuple[str, str, str, object]] = []
    for section in SECTIONS:
        rows.extend(_rows(section, "", figures.get(section, {})))
    return rows
