from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from members import selectors


def regulation(request: HttpRequest, version: str | None = None) -> HttpResponse:
    versions = selectors.regulation_versions()
    in_force = selectors.regulation_in_force()
    if version is None:
        shown = in_force
    else:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "members/regulation.html",
        {"regulation": shown, "in_force": in_force, "versions": versions},
    )
