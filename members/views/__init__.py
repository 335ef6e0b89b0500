"""Views of the members app, by audience: public pages, joining, representatives, staff."""

from __future__ import annotations

from members.views.public import regulation

__all__ = ["regulation"]
