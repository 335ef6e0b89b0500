"""Panels kept rendered (core.dashboard.shared_panels): again after a write, and when the clock reaches the
moment their content changes (`fresh_until`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.dashboard import Panel, key_of, shared_panels
from core.pagecache import pages_changed

pytestmark = pytest.mark.django_db


def test_a_kept_panel_is_built_again_after_a_write_and_once_its_content_changes_with_the_clock(monkeypatch):
    start = timezone.now()
    builds: list[int] = []

    def build() -> list[Panel]:
        builds.append(1)
        return [
            Panel(
                title=f"Build {len(builds)}",
                template="members/panels/referent.html",
                context={"services": []},
                order=7,
                fresh_until=start + dt.timedelta(hours=1),
            )
        ]

    [first] = shared_panels("test-kept", build)
    assert (first.title, first.order, len(builds)) == ("Build 1", 7, 1)
    assert "btn-outline-primary" in first.html
    [kept] = shared_panels("test-kept", build)
    assert (kept.title, len(builds)) == ("Build 1", 1)  # from the cache

    pages_changed()
    assert shared_panels("test-kept", build)[0].title == "Build 2"
    assert shared_panels("test-kept", build)[0].title == "Build 2"

    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=59))
    assert shared_panels("test-kept", build)[0].title == "Build 2"
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(hours=1))
    assert shared_panels("test-kept", build)[0].title == "Build 3"


def test_the_key_of_a_set_of_rows_names_the_set_whatever_its_order_and_stays_short():
    assert key_of([3, 1, 2]) == key_of([1, 2, 3]) == "1,2,3"
    assert key_of([]) == ""
    many = list(range(1000, 1020))  # "1000,1001,...": 99 characters, more than a cache name needs
    assert len(key_of(many)) == 32 and key_of(many) == key_of(reversed(many))
    assert key_of(many) != key_of(many[:-1])
