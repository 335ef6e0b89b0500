"""Filters of the public list of decisions and of the staff queue of proposals."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.models import DecisionOwner, DecisionStatus, ProposalStatus
from members.models import MunicipalService, Theme


def _theme_filter() -> django_filters.ModelChoiceFilter:
    """By one of the active themes, named by its slug in the query string."""
    return django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
    )


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DecisionStatus, empty_label=_("All"))
    theme = _theme_filter()
    owner = django_filters.ChoiceFilter(
        label=_("Carried out by"), field_name="owner_kind", choices=DecisionOwner, empty_label=_("All")
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Municipal service"),
        field_name="owner_service",
        to_field_name="slug",
        queryset=MunicipalService.objects.all(),
        empty_label=_("All services"),
    )
    year = django_filters.NumberFilter(
        label=_("Year of the meeting"), field_name="agenda_item__meeting__starts_at", lookup_expr="year"
    )

    @property
    def qs(self) -> QuerySet:
        # The theme filter crosses a many-to-many: one row per decision.
        return super().qs.distinct()


class ProposalQueueFilter(django_filters.FilterSet):
    """The staff queue of proposals to decide: by status (new or deferred) and theme."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (ProposalStatus.SUBMITTED.value, ProposalStatus.SUBMITTED.label),
            (ProposalStatus.DEFERRED.value, ProposalStatus.DEFERRED.label),
        ],
        empty_label=_("All"),
    )
    theme = _theme_filter()

    @property
    def qs(self) -> QuerySet:
        # The theme filter crosses a many-to-many: one row per proposal.
        return super().qs.distinct()
