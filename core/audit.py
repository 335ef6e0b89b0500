"""Reading django-auditlog's trail: who changed what, when, from what to what."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

HISTORY_PAGE_SIZE = 50
ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}


def changed_fields(model: type[Model], entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field label, from, to) for the model's own fields; reverse relations are left out."""
    display = entry.changes_display_dict
    rows = []
    for name, values in entry.changes_dict.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.concrete or field.many_to_many):
            continue
        label = str(getattr(field, "verbose_name", name))
        if isinstance(values, dict):  # an M2M change: {"operation": "add", "objects": [...]}
            operation = {"add": _("added"), "delete": _("removed")}.get(values.get("operation"), "")
            rows.append((label, "", f"{operation}: {', '.join(map(str, values.get('objects', [])))}"))
            continue
        old, new = display.get(label, display.get(name, values))
        rows.append((label, str(old), str(new)))
    return sorted(rows)


def audited_model(label: str) -> type[Model]:
    """The audited model named `app_label.model`, or 404: no history for unknown or unaudited models."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not auditlog.contains(model):
        raise Http404
    return model


def history_entries(*, model: type[Model], pk: str) -> QuerySet[LogEntry]:
    """The log entries of one object, newest first, with the actor and content type already fetched."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(pk))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
