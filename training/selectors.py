from __future__ import annotations


def upcoming_sessions(*, limit: int) -> list:
    """Replaced by the training implementation (issue 5)."""
    return []
