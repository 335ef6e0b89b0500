"""Formsets never build more forms than their page offers, whatever a posted TOTAL_FORMS says.

Django caps a formset at `absolute_max`, a thousand forms by default; the portal's own formsets set it
to the rows their page shows (training.forms.PeopleFormSet). The admin's inlines use this mixin: the
rows that exist plus at most `NEW_ROWS` added with "Add another", none when adding is not allowed.
"""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest

NEW_ROWS = 10


class BoundedInlineMixin:
    """For an admin inline (TabularInline/StackedInline)."""

    def _existing_rows(self, obj: Model | None) -> int:
        if obj is None or obj.pk is None:
            return 0
        fk = next(
            f for f in self.model._meta.fields if f.is_relation and f.related_model is self.parent_model
        )
        return self.model._default_manager.filter(**{fk.name: obj}).count()

    def get_max_num(self, request: HttpRequest, obj: Model | None = None, **kwargs) -> int:
        if self.max_num is not None:  # 0 when adding is not allowed (set by the admin)
            return self.max_num
        return self._existing_rows(obj) + NEW_ROWS

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.absolute_max = max(self._existing_rows(obj), formset.max_num)
        return formset
