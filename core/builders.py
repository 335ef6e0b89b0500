"""Helpers for the apps' `builders` modules (unsaved rows with every required field filled)."""

from __future__ import annotations

from django.db.models import Model


def saved[M: Model](obj: M) -> M:
    """Save a built row and return it: `meeting = saved(builders.meeting(...))`."""
    obj.save()
    return obj
