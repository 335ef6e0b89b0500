"""Demo data of this app (called by `manage.py seed_demo`, idempotent)."""

from __future__ import annotations


def seed(*, stdout) -> None:
    return None
