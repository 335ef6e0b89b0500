"""Links of a list's rows: `reverse()` once per request and URL name, not once per row (a page of 20 rows
with a link each spent more on resolving URL patterns than on its queries)."""

from __future__ import annotations

from django.urls import reverse

from core.memo import memoised

# An integer no row has: what `reverse()` fills in, then replaced by each row's own.
_MARK = 987654321987


def _pattern(name: str) -> tuple[str, str]:
    prefix, _mark, suffix = reverse(name, args=[_MARK]).partition(str(_MARK))
    return prefix, suffix


def row_url(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a URL with one `<int:...>` argument, the pattern resolved once per
    request (core.memo; outside a request, every time)."""
    prefix, suffix = memoised(("row_url", name), lambda: _pattern(name))
    return f"{prefix}{int(pk)}{suffix}"
