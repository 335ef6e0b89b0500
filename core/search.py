"""Text compared and sorted as an Italian reader expects, on SQLite and PostgreSQL alike.

"disabilita" finds "Disabilità", and "AUSL" sorts after "Associazione": both sides are folded to lower
case without accents. PostgreSQL folds with LOWER() and TRANSLATE() (no extension needed); SQLite, whose
LOWER() only knows ASCII, calls `fold_text` itself, registered on each connection (`register`).
"""

from __future__ import annotations

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, F, Func

# Accented letters Italian text meets (its own and a few from names), lower case (LOWER() runs first).
_ACCENTED = "àáâäãåèéêëìíîïòóôöõùúûüçñýÿ"
_SQLITE_FUNCTION = "tavolo_fold"


def fold_text(text: str) -> str:
    """`text` in lower case without accents ("Disabilità" -> "disabilita")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PLAIN = "".join(fold_text(letter) for letter in _ACCENTED)


class Folded(Func):
    """The column in lower case without accents, as fold_text."""

    output_field = CharField()

    def __init__(self, expression, **extra) -> None:
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=_SQLITE_FUNCTION.upper(), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"TRANSLATE(LOWER(%(expressions)s), '{_ACCENTED}', '{_PLAIN}')",
            **extra,
        )


def folded(field: str) -> Folded:
    return Folded(field)


def _register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            _SQLITE_FUNCTION, 1, lambda value: None if value is None else fold_text(value), deterministic=True
        )


def register() -> None:
    """Give every SQLite connection the folding function (called from CoreConfig.ready)."""
    connection_created.connect(_register_sqlite_function, dispatch_uid="core.search.fold")
