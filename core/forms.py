"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import BaseConstraint, CheckConstraint, F, Q, UniqueConstraint

from core.text import CleanTextMixin


def _condition_fields(condition: Q) -> list[str]:
    names: list[str] = []
    for child in condition.children:
        if isinstance(child, Q):
            names += _condition_fields(child)
        else:
            names.append(child[0].split("__")[0])
    return names


def constraint_field(constraint: BaseConstraint) -> str | None:
    """The field a broken constraint is reported on: the first one its condition names (a check),
    the last one it lists (a uniqueness: "this e-mail" rather than "this session")."""
    if isinstance(constraint, CheckConstraint):
        fields = _condition_fields(constraint.condition)
        return fields[0] if fields else None
    if isinstance(constraint, UniqueConstraint):
        if constraint.fields:
            return constraint.fields[-1]
        names = [e.name for expr in constraint.expressions for e in expr.flatten() if isinstance(e, F)]
        return names[-1] if names else None
    return None


class ConstraintErrorsOnFields(CleanTextMixin, forms.ModelForm):
    """A ModelForm whose broken database constraints are told on the field at fault, in the
    constraint's own words (`violation_error_message`), never as a database message."""

    def validate_constraints(self) -> None:
        instance = self.instance
        exclude = self._get_validation_exclusions()
        using = router.db_for_write(type(instance), instance=instance)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    field = constraint_field(constraint)
                    if field in self.errors:
                        continue  # the field already says what is wrong with it
                    self.add_error(field if field in self.fields else None, error.messages)
