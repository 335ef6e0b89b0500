"""Django admin of the meetings app: to look and fix typos; the workflows live in the portal's pages.

Nothing is added here (creation goes through the services, which write history rows and e-mails), and
nothing that has a history is deleted (its history rows protect it in the database too).
"""

from __future__ import annotations

from django.contrib import admin

from core.formsets import BoundedInlineMixin
from meetings import models


class NoAddAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(NoAddAdmin):
    """Objects with status history: never deleted, not even by a superuser."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AgendaItemInline(BoundedInlineMixin, admin.TabularInline):
    model = models.AgendaItem
    fields = ("position", "title", "expected_minutes")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(BoundedInlineMixin, admin.TabularInline):
    model = models.MeetingStatusChange
    fields = ("at", "from_status", "to_status", "by", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False


class MinutesStatusChangeInline(StatusChangeInline):
    model = models.MinutesStatusChange


@admin.register(models.Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ("title", "kind", "starts_at", "status", "is_public")
    list_filter = ("status", "kind", "is_public")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    # Status and calendar revision change only through the services (history rows, e-mails).
    readonly_fields = ("status", "ics_sequence", "convened_at")
    inlines = [AgendaItemInline, StatusChangeInline]


class RoutingInline(BoundedInlineMixin, admin.TabularInline):
    model = models.Routing
    fields = ("service", "referent", "due_date", "status", "source")
    readonly_fields = ("service", "status", "source")
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = ("title", "meeting", "position")
    search_fields = ("title",)
    list_select_related = ("meeting",)
    filter_horizontal = ("themes",)
    inlines = [RoutingInline]


@admin.register(models.Routing)
class RoutingAdmin(HistoryAdmin):
    list_display = ("agenda_item", "service", "referent", "due_date", "status")
    list_filter = ("status", "service")
    list_select_related = ("agenda_item", "service", "referent")
    readonly_fields = ("status", "answered_at", "answered_by")


@admin.register(models.TopicProposal)
class TopicProposalAdmin(HistoryAdmin):
    list_display = ("title", "organisation", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "organisation__name")
    list_select_related = ("organisation",)
    readonly_fields = ("status", "decided_by", "decided_at", "agenda_item")


@admin.register(models.Minutes)
class MinutesAdmin(HistoryAdmin):
    list_display = ("meeting", "status", "approved_at")
    list_filter = ("status",)
    list_select_related = ("meeting",)
    readonly_fields = ("status", "approved_at", "approved_by")
    inlines = [MinutesStatusChangeInline]


@admin.register(models.Attachment)
class AttachmentAdmin(NoAddAdmin):
    list_display = ("original_name", "minutes", "content_type", "size", "uploaded_at")
    list_select_related = ("minutes__meeting",)
    readonly_fields = ("file", "content_type", "size", "uploaded_by", "uploaded_at")
