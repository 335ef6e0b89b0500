from __future__ import annotations


def upcoming_public_meetings(*, limit: int) -> list:
    """Replaced by the meetings implementation (issue 4)."""
    return []
