"""URLs of what concerns the signed-in person (core.views), included by the project's URLs."""

from __future__ import annotations

from django.urls import path

from core import views

app_name = "notifications"

urlpatterns = [
    path("area-riservata/notifiche/", views.notification_list, name="list"),
    path("area-riservata/notifiche/segna-lette/", views.notifications_mark_all_read, name="mark_all_read"),
    path("area-riservata/notifiche/<int:pk>/", views.notification_open, name="open"),
    path("area-riservata/notifiche/preferenze/", views.email_preferences, name="preferences"),
    path("notifiche/disiscrizione/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
