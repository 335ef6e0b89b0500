"""This app's panels in /area-riservata/ (see tavolo.dashboard)."""

from __future__ import annotations

from django.http import HttpRequest

from tavolo.dashboard import Panel


def panels(request: HttpRequest) -> list[Panel]:
    return []
