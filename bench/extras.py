"""The benchmarks of features built on the reports and meetings apps: PDF rendering, convocation."""

from __future__ import annotations

from pathlib import Path

from bench.report import Results


def before_server(results: Results, database_url: str, folder: Path) -> None:
    """Measurements that need no web server (the annual report's PDF rendering)."""


def with_server(results: Results, base: str, database_url: str, folder: Path) -> None:
    """Measurements that go through the running server (convening a meeting)."""
