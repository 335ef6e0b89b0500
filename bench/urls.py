"""The portal's URLs plus /bench/ping/: the trivial view every throughput figure is a ratio to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve through the same middleware (sessions, CSP, auth...)."""
    return HttpResponse("pong", content_type="text/plain")


handler403 = "tavolo.views.permission_denied"
handler404 = "tavolo.views.page_not_found"
handler500 = "tavolo.views.server_error"

urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("tavolo.urls")),
]
