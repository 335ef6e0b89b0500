"""Project-level pages: home, dashboard, legal pages and the branded error handlers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.dashboard import panels_for
from core.mail import email_retry
from core.models import OutgoingEmail
from meetings import selectors as meeting_selectors
from members import roles
from members import selectors as member_selectors
from members.permissions import require_staff
from reports import selectors as report_selectors
from tavolo import calendars
from tavolo.chair import overview_html
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
    if roles.is_chair(user) and roles.is_table_staff(user):
        # The Assessore has her own page at the same address: what she follows, read-only.
        return render(request, "tavolo/chair_dashboard.html", {"overview": overview_html()})
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
            "organisation_feeds": [
                (organisation, calendars.organisation_feed_links(organisation))
                for organisation in member_selectors.representative_organisations(user)
            ],
        },
    )


def organisation_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """What concerns one organisation, for calendar clients (they cannot sign in: the token is the key)."""
    organisation = calendars.organisation_for_feed_token(token)
    if organisation is None:
        raise Http404
    response = HttpResponse(
        calendars.organisation_calendar(organisation), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def outgoing_email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    message = get_object_or_404(OutgoingEmail, pk=pk)
    if email_retry(message=message):
        messages.success(request, _("The e-mail to %(to)s has been queued again.") % {"to": message.to})
    else:
        messages.info(request, _("That e-mail was not waiting to be sent again."))
    return redirect("dashboard")


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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Also the answer to a Host that is not allowed: nothing here may call request.get_host().
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke the page may break them too.
    return HttpResponseServerError(loader.get_template("500.html").render())
