"""Parts of signed-in pages that read only the portal's data and the day, kept rendered in the shared cache.

A fragment is stored under the *pages version* of `core.pagecache`, read before it is rendered: every
write to a model of `settings.TAVOLO_PAGE_CACHE_APPS` (and the bulk writes, which call `pages_changed()`
themselves) makes a new version, so a fragment is never served after a change of what it shows; one
rendered while a write was under way is stored under the old version and never read again. The key also
holds the language and the local date (what is late, what is next); `TAVOLO_PAGE_CACHE_SECONDS` bounds
an entry's life as a backstop for what changes with the clock within a day (a meeting that starts), and
0 turns fragments off (each request renders them). Never for HTML that holds a form's token or anything
about the person who asks: the fragment is shared by everyone who sees that page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.forms import Form, ModelChoiceField
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.pagecache import current_version

KEY = "fragment:{name}:{language}:{day}:{version}"


def cached_value(
    name: str,
    compute: Callable[[], Any],
    *,
    is_current: Callable[[Any], bool] | None = None,
    seconds: int | None = None,
) -> Any:
    """What `compute()` returns (HTML, or plain data holding HTML), from the cache while no write changed
    the data it reads. `compute` runs in the active language and must not read the request.
    `is_current(value)` can refuse a kept value that depends on something else than the data.
    `seconds`: a backstop of the value's own, kept even when the page cache is off (data that does not
    change with the clock, such as counts); by default `TAVOLO_PAGE_CACHE_SECONDS`."""
    if seconds is None:
        seconds = settings.TAVOLO_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    key = KEY.format(
        name=name, language=get_language(), day=timezone.localdate().isoformat(), version=current_version()
    )
    value = cache.get(key)
    if value is None or (is_current is not None and not is_current(value)):
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_fragment(name: str, render: Callable[[], str]) -> SafeString:
    """The HTML `render()` returns, from the cache while no write changed the data it reads."""
    return mark_safe(cached_value(name, lambda: str(render())))  # rendered by a template, escaped there


def cached_choices(name: str, form: Form) -> None:
    """Give the model choice fields of a list's filter form their options from the shared cache, one read
    for the form: the options (value, label) are the same for everyone and change only with a write.
    A submitted value is still checked against the field's queryset."""
    fields = {key: field for key, field in form.fields.items() if isinstance(field, ModelChoiceField)}

    def compute() -> dict[str, list[tuple[str, str]]]:
        return {
            key: [(str(value), str(label)) for value, label in field.choices] for key, field in fields.items()
        }

    for key, choices in cached_value(f"choices:{name}", compute).items():
        fields[key].widget.choices = choices  # what the select shows; the field keeps its queryset


def query_key(name: str, params: QueryDict) -> str:
    """A fragment's name for one query string of a list (filters and page), as a short digest."""
    return f"{name}:{hashlib.sha256(params.urlencode().encode()).hexdigest()[:32]}"
