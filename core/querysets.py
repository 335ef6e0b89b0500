"""A page's first rows and the number of all of them, in one query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Model, QuerySet, Window


def first_rows_and_total[M: Model](queryset: QuerySet[M], limit: int) -> tuple[list[M], int]:
    """The first `limit` rows and how many rows the queryset has: `COUNT(*) OVER ()` is computed
    before the LIMIT, so a dashboard shows a few rows and counts them all without a second query."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_rows if rows else 0)


@dataclass
class FirstNames:
    """How many rows a list has and the names of the first of them (a dashboard's details toggle)."""

    count: int
    names: list[str] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.names)


def first_names_and_total[M: Model](
    queryset: QuerySet[M], limit: int, name: Callable[[M], str]
) -> FirstNames:
    """`first_rows_and_total`, keeping only each row's name."""
    rows, count = first_rows_and_total(queryset, limit)
    return FirstNames(count, [name(row) for row in rows])
