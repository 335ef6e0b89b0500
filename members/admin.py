"""Admin for staff: reference data, organisations (never deleted), services, rules, requests."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.formsets import BoundedInlineMixin
from members import models


class NoDeleteMixin:
    """History is data: these rows are never deleted, only changed or deactivated."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "phone", "fiscal_code")}),
        (_("Digital identity"), {"fields": ("identity_provider", "identity_linked_at")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_readonly_fields(self, request, obj=None):
        """While a digital identity is linked, name, surname and fiscal code come from it."""
        readonly = [*super().get_readonly_fields(request, obj), "identity_provider", "identity_linked_at"]
        if obj is not None and obj.identity_linked_at is not None:
            readonly += ["first_name", "last_name", "fiscal_code"]
        return readonly


@admin.register(models.Sector, models.Theme, models.Area)
class ReferenceAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.LegalForm)
class LegalFormAdmin(ReferenceAdmin):
    list_display = ["name", "is_public", "position", "is_active"]


class MembershipEventInline(BoundedInlineMixin, admin.TabularInline):
    model = models.MembershipEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # status changes go through the services, which write these rows


class RepresentativeInline(BoundedInlineMixin, admin.TabularInline):
    model = models.Representative
    extra = 0
    fields = ["user", "role_in_organisation", "is_primary", "is_active", "ended_at"]
    autocomplete_fields = ["user"]
    can_delete = False


@admin.register(models.Organisation)
class OrganisationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "legal_form", "fiscal_code", "status", "joined_on", "directory_consent"]
    list_filter = ["status", "legal_form__is_public", "legal_form", "sectors", "area"]
    search_fields = ["name", "fiscal_code", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sectors", "themes"]
    # The status and the join date change only through the lifecycle (history rows + e-mails).
    readonly_fields = ["status", "joined_on", "created_at", "updated_at"]
    inlines = [RepresentativeInline, MembershipEventInline]


@admin.register(models.MembershipEvent)
class MembershipEventAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["organisation", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]
    search_fields = ["organisation__name"]
    readonly_fields = ["organisation", "from_status", "to_status", "at", "by", "reason"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.Representative)
class RepresentativeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role_in_organisation", "is_primary", "is_active"]
    list_filter = ["is_primary", "is_active"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(models.Consent)
class ConsentAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "kind", "version", "accepted_at"]
    list_filter = ["kind", "version"]
    readonly_fields = ["user", "organisation", "kind", "version", "accepted_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.MunicipalService)
class MunicipalServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["competences", "referents"]


@admin.register(models.RegulationVersion)
class RegulationVersionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["version", "title", "effective_from", "is_published"]


@admin.register(models.Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = ["themes"]


@admin.register(models.ProfileChangeRequest)
class ProfileChangeRequestAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["organisation", "fiscal_code", "legal_form", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = [
        "organisation",
        "requested_by",
        "fiscal_code",
        "legal_form",
        "status",
        "decided_by",
        "decided_at",
        "reason",
    ]


@admin.register(models.RepresentationRequest)
class RepresentationRequestAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["organisation", "user", "status", "created_at"]
    list_filter = ["status"]


@admin.register(models.DelegateInvitation)
class DelegateInvitationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["organisation", "email", "created_at", "accepted_at", "revoked_at"]
