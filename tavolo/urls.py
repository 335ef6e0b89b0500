"""Root URLs: the contract's public paths (see shared CONTRACT.md) are kept stable here and in the apps."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from core.middleware import language_switch
from members import views as members_views
from tavolo import views
from tavolo.sitemaps import SITEMAPS

handler400 = "tavolo.views.bad_request"
handler403 = "tavolo.views.permission_denied"
handler404 = "tavolo.views.page_not_found"
handler500 = "tavolo.views.server_error"

admin.site.site_header = _("Tavolo delle Risorse administration")
admin.site.site_title = _("Tavolo delle Risorse")
admin.site.index_title = _("Portal administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("regolamento/", members_views.regulation, name="regolamento"),
    path("regolamento/versione/<str:version>/", members_views.regulation, name="regolamento_version"),
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("note-legali/", views.legal, name="legal"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("area-riservata/", views.dashboard, name="dashboard"),
    path("area-riservata/email/<int:pk>/reinvia/", views.outgoing_email_retry, name="outgoing_email_retry"),
    path("calendario/<str:token>.ics", views.organisation_calendar_feed, name="organisation_calendar_feed"),
    path("lingua/", set_language, name="set_language"),
    path("lingua/<str:code>/", language_switch, name="language_switch"),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("tavolo.urls_trust")),
    path("", include("core.urls")),
    path("", include("members.urls")),
    path("", include("meetings.urls")),
    path("", include("training.urls")),
    path("", include("reports.urls")),
]
# Uploaded files are never served from MEDIA_URL: each app serves them through a view that checks
# who may see them.
