"""Sections this app adds to other apps' pages (settings.TAVOLO_PROVIDERS), e.g. members' public profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.dashboard import Panel
from core.fragments import cached_fragment

if TYPE_CHECKING:
    from members.models import Organisation


def organisation_sections(organisation: Organisation) -> list[Panel]:
    """The organisation's validated initiatives, on its public profile (/organizzazioni/<slug>/).

    The section is the same for every visitor and reads only the portal's data: it is rendered once and
    kept (core.fragments) until a write changes the pages version, instead of three queries per request."""
    template = "reports/_organisation_initiatives.html"
    html = cached_fragment(
        f"organisation-initiatives:{organisation.pk}",
        lambda: render_to_string(template, {"organisation": organisation}),
    )
    return [Panel(title=_("Community-welfare initiatives"), template=template, order=50, html=html)]
