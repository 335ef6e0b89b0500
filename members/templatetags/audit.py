"""`{% load audit %}{% history_link obj %}`: a link to an object's change history, for staff pages."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from members import roles

register = template.Library()


def history_url(obj) -> str:
    return reverse("audit:history", kwargs={"label": obj._meta.label_lower, "pk": obj.pk})


@register.simple_tag(takes_context=True)
def history_link(context, obj) -> str:
    """A link to obj's history, shown only to those who may read the audit trail."""
    request = context.get("request")
    if request is None or obj is None or obj.pk is None or not roles.can(request.user, "view_audit"):
        return ""
    return format_html('<a href="{}" class="history-link">{}</a>', history_url(obj), _("Change history"))
