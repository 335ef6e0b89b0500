"""The staff page of one object's change history, over core.audit's reading of django-auditlog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from core.audit import ACTION_LABELS, HISTORY_PAGE_SIZE, audited_model, changed_fields, history_entries
from members import roles

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@login_required
def object_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """One object's change history, for the staff who run the table."""
    if not roles.can(request.user, "view_audit"):
        raise PermissionDenied
    model = audited_model(label)
    if len(pk) > 64:
        raise Http404
    entries = history_entries(model=model, pk=pk)
    try:
        instance = model._default_manager.filter(pk=pk).first()
    except (ValueError, ValidationError):
        raise Http404 from None
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    if instance is None and not page.object_list:
        raise Http404
    rows = [
        {
            "entry": entry,
            "action": ACTION_LABELS.get(entry.action, ""),
            "changes": changed_fields(model, entry),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "audit/object_history.html",
        {
            "model_name": model._meta.verbose_name,
            "instance": instance,
            "object_repr": str(instance)
            if instance is not None
            else (rows[0]["entry"].object_repr if rows else pk),
            "rows": rows,
            "page": page,
        },
    )
