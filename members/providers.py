"""What higher apps do when something happens in members, without members naming them.

A higher app registers a callable in its AppConfig.ready (the same provider pattern as the dashboard
panels); members calls every registered one. E.g. meetings invites a new member to the meetings
already convened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from members.models import Organisation

_became_member: list[Callable[[Organisation], None]] = []


def on_became_member(listener: Callable[[Organisation], None]) -> None:
    """Register `listener(organisation)`, called inside the transaction that makes it a member."""
    if listener not in _became_member:
        _became_member.append(listener)


def became_member(organisation: Organisation) -> None:
    for listener in _became_member:
        listener(organisation)
