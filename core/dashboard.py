"""Pages assembled from sections that several apps contribute: the dashboard, an organisation's profile.

An app exposes `panels(request) -> list[Panel]` in its `dashboard` module, or sections about an object
(`organisation_sections(organisation) -> list[Panel]`); the project lists the providers in
`settings.TAVOLO_PROVIDERS` (see core.providers), so that lower apps never import higher ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest

from core.providers import providers


@dataclass
class Panel:
    """A section of the dashboard: a heading, a template and its context, an order."""

    title: str
    template: str
    context: dict[str, object] = field(default_factory=dict)
    order: int = 100


def panels_for(request: HttpRequest) -> list[Panel]:
    collected: list[Panel] = []
    for provider in providers("dashboard_panels"):
        collected.extend(provider(request))
    return sorted(collected, key=lambda p: p.order)


def sections_for(point: str, obj: object) -> list[Panel]:
    """The sections higher apps add, at extension point `point`, to a lower app's page about `obj`."""
    collected: list[Panel] = []
    for provider in providers(point):
        collected.extend(provider(obj))
    return sorted(collected, key=lambda p: p.order)
