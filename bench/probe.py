"""Run inside Django (`python -m bench.probe`): query counts per page, and session cookies per role.

Prints one JSON document on stdout, read by bench.run.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import resolve

    from bench.pages import DEMO_ACCOUNTS, discover, published_csv_path, published_pdf_path
    from members.models import User

    setup_test_environment()  # lets the test client accept any host and collect responses
    clients: dict[str, Client] = {"anonymous": Client()}
    cookies: dict[str, str] = {}
    for role, email in DEMO_ACCOUNTS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        clients[role] = client
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    pages, missing = discover(clients)
    # The same objects on both databases (the scale one holds the demo data too): a detail page is
    # compared with itself, only the rows around it differ.
    forced = json.loads(os.environ.get("BENCH_PATHS", "{}"))
    pages = [replace(p, path=forced.get(p.id, p.path)) for p in pages]
    counts = {}
    for page in pages:
        client = clients.get(page.role)
        if client is None:
            missing.append(f"{page.id} (no demo account {page.role})")
            continue
        client.get(page.path)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.path)
        counts[page.id] = {
            "path": page.path,
            "role": page.role,
            "kind": page.kind,
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            # The page cache keeps only the answers of these views (settings.TAVOLO_PAGE_CACHE_VIEWS).
            "view": resolve(page.path.split("?", 1)[0]).view_name,
            "cache_view": resolve(page.path.split("?", 1)[0]).view_name in settings.TAVOLO_PAGE_CACHE_VIEWS,
        }
    json.dump(
        {
            "pages": counts,
            "missing": missing,
            "cookies": cookies,
            "pdf": published_pdf_path(),
            "page_cache_seconds": settings.TAVOLO_PAGE_CACHE_SECONDS,
            "csv": published_csv_path(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
