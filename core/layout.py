"""What the layout of every page computes the same way for every request: once per process.

A URL reversal and a translated label depend only on the URLconf, the script prefix and the active
language; `per_language(func)` remembers `func(*args)` under those three and the arguments, so the
menu and the links and static files of the header and the footer are not worked out again on each
request. A language
switch, another script prefix or URLconf is another entry; a change of settings (tests) empties them.
Only for functions of their arguments and those three: never for data, nor for anything about a person.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_caches: list[Any] = []


def per_language[T](func: Callable[..., T]) -> Callable[..., T]:
    """`func(*args)` computed once per language, script prefix and URLconf (see the module's docstring)."""

    @functools.lru_cache(maxsize=256)
    def cached(args: tuple[Any, ...], language: str | None, script_prefix: str, urlconf: object) -> T:
        return func(*args)

    @functools.wraps(func)
    def wrapper(*args: Any) -> T:
        return cached(args, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    _caches.append(cached)
    return wrapper


@per_language
def layout_url(name: str, *args: Any) -> str:
    """`reverse(name, args=args)`, remembered (`{% layout_url %}` in the layout's templates)."""
    return reverse(name, args=args)


@per_language
def layout_static(path: str) -> str:
    """`static(path)`, remembered (`{% layout_static %}`): the storage's URL of a file is fixed for the
    life of the process (its manifest is read when the storage is made)."""
    return static(path)


def _setting_changed(**_kwargs: Any) -> None:
    for cached in _caches:
        cached.cache_clear()


setting_changed.connect(_setting_changed, dispatch_uid="tavolo_layout_settings")
