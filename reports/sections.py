"""Sections this app adds to other apps' pages (settings.TAVOLO_PROVIDERS), e.g. members' public profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.dashboard import Panel

if TYPE_CHECKING:
    from members.models import Organisation


def organisation_sections(organisation: Organisation) -> list[Panel]:
    """The organisation's validated initiatives, on its public profile (/organizzazioni/<slug>/)."""
    return [
        Panel(
            title=_("Community-welfare initiatives"),
            template="reports/_organisation_initiatives.html",
            order=50,
        )
    ]
