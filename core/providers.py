"""Providers: how a lower app shows what higher apps contribute, without naming them.

The project package lists, in `settings.TAVOLO_PROVIDERS`, the dotted paths that fill each extension
point (dashboard panels, privacy modules, calendar events, organisation page sections, ...). A lower
app asks `providers("<point>")` and calls what it gets; it never imports the app that provides it.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def provider_paths(point: str) -> list[str]:
    """The dotted paths listed for an extension point, in the order the project gives them."""
    table = getattr(settings, "TAVOLO_PROVIDERS", {})
    if point not in table:
        raise ImproperlyConfigured(f"TAVOLO_PROVIDERS has no entry {point!r}.")
    return list(table[point])


@cache
def _callable(path: str) -> Any:
    return import_string(path)


def providers(point: str) -> list[Any]:
    """The callables that fill an extension point (dotted paths to functions or objects)."""
    return [_callable(path) for path in provider_paths(point)]


def provider_modules(point: str) -> list[ModuleType]:
    """The modules that fill an extension point whose providers are whole modules (e.g. privacy)."""
    return [importlib.import_module(path) for path in provider_paths(point)]
