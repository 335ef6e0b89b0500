"""Project-level pages: home, dashboard, legal pages and the branded error handlers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from core.dashboard import panels_for
from meetings import selectors as meeting_selectors
from members import roles
from members import selectors as member_selectors
from reports import selectors as report_selectors
from training import selectors as training_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "upcoming_meetings": meeting_selectors.upcoming_public_meetings(limit=3),
            "upcoming_training": training_selectors.upcoming_sessions(limit=3),
            "latest_report": report_selectors.latest_published_report(),
            "member_count": member_selectors.active_member_count(),
            "regulation": member_selectors.regulation_in_force(),
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "dashboard.html",
        {
            "panels": panels_for(request),
            "is_chair": roles.is_chair(user),
            "is_table_staff": roles.is_table_staff(user),
            "is_service_referent": roles.is_service_referent(user),
            "is_representative": roles.is_representative(user),
            "acted_for": member_selectors.organisations_acted_for(user),
            "acting": member_selectors.current_acting(request),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {
            "site_url": settings.SITE_URL,
            "accessibility_statement_url": settings.TAVOLO_ACCESSIBILITY_STATEMENT_URL,
            "accessibility_drafted": settings.TAVOLO_ACCESSIBILITY_DRAFTED,
            "accessibility_reviewed": settings.TAVOLO_ACCESSIBILITY_REVIEWED,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {"dpo_name": settings.TAVOLO_DPO_NAME, "dpo_email": settings.TAVOLO_DPO_EMAIL},
    )


def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/legal.html")


def robots_txt(request: HttpRequest) -> HttpResponse:
    # Signed-in and personal pages are of no use to a search engine; the public ones are all listed.
    lines = [
        "User-agent: *",
        "Disallow: /area-riservata/",
        "Disallow: /account/",
        "Disallow: /admin/",
        "Disallow: /formazione/iscrizione/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke the page may break them too.
    return HttpResponseServerError(loader.get_template("500.html").render())
