"""Pages assembled from sections that several apps contribute: the dashboard, an organisation's profile.

An app exposes `panels(request) -> list[Panel]` in its `dashboard` module, or sections about an object
(`organisation_sections(organisation) -> list[Panel]`); the project lists the providers in
`settings.TAVOLO_PROVIDERS` (see core.providers), so that lower apps never import higher ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
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


def panels_for(request: HttpRequest) -> list[Panel]:
    collected: list[Panel] = []
    for provider in providers("dashboard_panels"):
        collected.extend(provider(request))
    return sorted(collected, key=lambda p: p.order)


def shared_panels(name: str, build: Callable[[], list[Panel]]) -> list[Panel]:
    """Panels that show everyone allowed to see them the same thing (the office's counts and lists),
    rendered once and kept while no write changes the data they read (core.fragments): their queries and
    rendering run once per change, not once per request. Their templates get only `panel` (their context):
    nothing about the person asking, no form token."""

    def render() -> list[tuple[str, int, str]]:
        return [
            (str(panel.title), panel.order, render_to_string(panel.template, {"panel": panel.context}))
            for panel in build()
        ]

    return [
        Panel(title=title, template="", order=order, html=mark_safe(html))  # rendered by its template
        for title, order, html in cached_value(name, render)
    ]


def sections_for(point: str, obj: object) -> list[Panel]:
    """The sections higher apps add, at extension point `point`, to a lower app's page about `obj`."""
    collected: list[Panel] = []
    for provider in providers(point):
        collected.extend(provider(obj))
    return sorted(collected, key=lambda p: p.order)
