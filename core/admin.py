from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.mail import email_retry
from core.models import DeliveryAttempt, OutgoingEmail


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["started_at", "finished_at", "result", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "dedup_key"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"))
    def retry(self, request, queryset):
        queued = sum(email_retry(message=message) for message in queryset)
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail has been queued again.",
                    "%(count)d e-mails have been queued again.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("None of the selected e-mails was waiting to be sent again."), messages.WARNING
            )
