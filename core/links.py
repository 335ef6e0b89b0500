"""Links of a list's rows: `reverse()` once per request and URL name, not once per row (a page of 20 rows
with a link each spent more on resolving URL patterns than on its queries)."""

from __future__ import annotations

from django.urls import reverse

from core.memo import memoised

# A key and a slug no row has: what `reverse()` fills in, then replaced by each row's own.
_MARK = 987654321987
_SLUG_MARK = "rowslugmark"


def _pattern(name: str, mark: int | str) -> tuple[str, str]:
    prefix, _mark, suffix = reverse(name, args=[mark]).partition(str(mark))
    return prefix, suffix


def row_url(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a URL with one `<int:...>` argument, the pattern resolved once per
    request (core.memo; outside a request, every time)."""
    prefix, suffix = memoised(("row_url", name), lambda: _pattern(name, _MARK))
    return f"{prefix}{int(pk)}{suffix}"


def slug_url(name: str, slug: str) -> str:
    """`reverse(name, args=[slug])` for a URL with one `<slug:...>` argument, resolved once per request
    like `row_url`."""
    prefix, suffix = memoised(("slug_url", name), lambda: _pattern(name, _SLUG_MARK))
    return f"{prefix}{slug}{suffix}"
