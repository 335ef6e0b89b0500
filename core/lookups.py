"""An `in` lookup for integer fields that ignores values outside the column's range.

Django guards exact/gt/lt lookups on integer fields against values the database cannot hold
(IntegerFieldOverflow), but not `in`: on SQLite, a form posting 99999999999999999999 as the id of a
multiple choice raised OverflowError (a 500) instead of "not a valid choice". Such a value can match
no row, so dropping it keeps the query's meaning.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
