"""Pages assembled from sections that several apps contribute: the dashboard, an organisation's profile.

An app exposes `panels(request) -> list[Panel]` in its `dashboard` module, or sections about an object
(`organisation_sections(organisation) -> list[Panel]`); the project lists the providers in
`settings.TAVOLO_PROVIDERS` (see core.providers), so that lower apps never import higher ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.fragments import cached_value
from core.providers import providers


@dataclass
class Panel:
    """A section of the dashboard: a heading, a template and its context, an order."""

    title: str
    template: str
    context: dict[str, object] = field(default_factory=dict)
    order: int = 100
    # Already rendered (shared_panels): shown as is, the template is not rendered again.
    html: SafeString | None = None
    # When what the panel shows changes with the clock alone (a session's registrations close, a meeting
    # starts): shared_panels renders it again from then on. None: only writes change it.
    fresh_until: dt.datetime | None = None


def panels_for(request: HttpRequest) -> list[Panel]:
    collected: list[Panel] = []
    for provider in providers("dashboard_panels"):
        collected.extend(provider(request))
    return sorted(collected, key=lambda p: p.order)


def shared_panels(name: str, build: Callable[[], list[Panel]]) -> list[Panel]:
    """Panels that show everyone allowed to see them the same thing (the office's counts and lists; what
    concerns one organisation, under a name that holds its key), rendered once and kept while no write
    changes the data they read (core.fragments) and the clock has not reached a panel's `fresh_until`:
    their queries and rendering run once per change, not once per request. Their templates get only
    `panel` (their context): nothing about the person asking, no form token."""

    def render() -> list[tuple[str, int, str, dt.datetime | None]]:
        return [
            (
                str(panel.title),
                panel.order,
                render_to_string(panel.template, {"panel": panel.context}),
                panel.fresh_until,
            )
            for panel in build()
        ]

    def is_current(kept: list[tuple[str, int, str, dt.datetime | None]]) -> bool:
        now = timezone.now()
        return all(until is None or now < until for _title, _order, _html, until in kept)

    return [
        Panel(title=title, template="", order=order, html=mark_safe(html))  # rendered by its template
        for title, order, html, _until in cached_value(f"panels:{name}", render, is_current=is_current)
    ]


def key_of(pks: Iterable[int]) -> str:
    """A short cache name part for a set of rows (the organisations someone acts for, the services they
    refer): their keys, or a digest of them when they are many."""
    joined = ",".join(str(pk) for pk in sorted(pks))
    return joined if len(joined) <= 40 else hashlib.sha256(joined.encode()).hexdigest()[:32]


def sections_for(point: str, obj: object) -> list[Panel]:
    """The sections higher apps add, at extension point `point`, to a lower app's page about `obj`."""
    collected: list[Panel] = []
    for provider in providers(point):
        collected.extend(provider(obj))
    return sorted(collected, key=lambda p: p.order)
