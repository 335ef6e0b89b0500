from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.mail import email_retry
from core.models import OutgoingEmail, OutgoingEmailStatus


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "dedup_key"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"))
    def retry(self, request, queryset):
        for message in queryset.exclude(status=OutgoingEmailStatus.SENT):
            email_retry(message=message)
        self.message_user(request, _("The selected e-mails have been queued again."), messages.SUCCESS)
