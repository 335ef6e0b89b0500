"""Routes of the trust features; included at the root: path("", include("tavolo.urls_trust"))."""

from __future__ import annotations

from django.urls import include, path

from tavolo import audit_views, privacy_views, profile_views

audit_patterns = [
    path("area-riservata/storico/<str:label>/<str:pk>/", audit_views.object_history, name="history"),
]
privacy_patterns = [
    path("area-riservata/privacy/", privacy_views.privacy_home, name="home"),
    path("area-riservata/privacy/dati.json", privacy_views.privacy_export, name="export"),
    path("area-riservata/privacy/dati/", privacy_views.privacy_readable, name="readable"),
]
profile_patterns = [
    path("area-riservata/profilo/", profile_views.profile, name="home"),
]

urlpatterns = [
    path("", include((audit_patterns, "audit"))),
    path("", include((privacy_patterns, "privacy"))),
    path("", include((profile_patterns, "profile"))),
]
