"""A page's first rows and the number of all of them, in one query."""

from __future__ import annotations

from django.db.models import Count, Model, QuerySet, Window


def first_rows_and_total[M: Model](queryset: QuerySet[M], limit: int) -> tuple[list[M], int]:
    """The first `limit` rows and how many rows the queryset has: `COUNT(*) OVER ()` is computed
    before the LIMIT, so a dashboard shows a few rows and counts them all without a second query."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_rows if rows else 0)
