"""Template helpers of the portal's layout (templates/base.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_fallbacks(context: template.Context) -> str:
    """Give the layout its variables when no context processor ran.

    The 500 handler renders templates/500.html without a request (whatever broke the page
    may break the context processors too), yet the page must still show who it belongs to.
    Values already in the context are left alone.
    """
    fallbacks = {
        "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
        "TAVOLO_OFFICE": getattr(settings, "TAVOLO_OFFICE", ""),
        "site_name": _("Tavolo delle Risorse"),
        "nav_items": [],
    }
    for key, value in fallbacks.items():
        if key not in context:
            context[key] = value
    return ""
