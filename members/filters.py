"""The directory's filters, shared by the public directory and the staff list (which adds status)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.search import fold_text, folded
from members.models import Area, OrganisationStatus, Sector, Theme

PUBLIC_CHOICES = [("public", _("Public bodies")), ("private", _("Private organisations"))]


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search by name or description"), method="filter_text", max_length=100
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.filter(is_active=True),
        empty_label=_("All sectors"),
    )
    public = django_filters.ChoiceFilter(
        label=_("Public or private"),
        choices=PUBLIC_CHOICES,
        method="filter_public",
        empty_label=_("All"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        field_name="area",
        to_field_name="slug",
        queryset=Area.objects.filter(is_active=True),
        empty_label=_("All areas"),
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = " ".join(value.split())
        if not value:
            return queryset
        key = fold_text(value)
        return queryset.alias(name_key=folded("name"), description_key=folded("description")).filter(
            Q(name_key__contains=key) | Q(description_key__contains=key)
        )

    def filter_public(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value not in ("public", "private"):
            return queryset
        return queryset.filter(legal_form__is_public=(value == "public"))

    @property
    def qs(self) -> QuerySet:
        # M2M filters can duplicate rows; one row per organisation.
        return super().qs.distinct()


class StaffOrganisationFilter(OrganisationFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OrganisationStatus.choices,
        empty_label=_("Any status"),
    )
