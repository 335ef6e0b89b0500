"""Template helpers of the meetings app."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from core.links import row_url
from core.templatetags.italian_dates import date  # the template's `date`: "1° ottobre"

register = template.Library()


@register.simple_tag
def meeting_rows(meetings) -> SafeString:
    """The rows of /incontri/, written in one pass (a template included per row cost more than the rest
    of the page): title, status, members only, when, kind, place and agenda items."""
    members_only = gettext("Members only")  # a translated literal: not escaped, as in a template
    rows = []
    for meeting in meetings:
        restricted = ""
        if not meeting.is_public:
            restricted = f' <span class="badge bg-light text-dark border">{members_only}</span>'
        place = f" · {escape(meeting.place)}" if meeting.place else ""
        items = ngettext("%(counter)s agenda item", "%(counter)s agenda items", meeting.item_count) % {
            "counter": meeting.item_count
        }
        when = escape(date(template_localtime(meeting.starts_at), "l j F Y, H:i"))
        rows.append(
            f'<li class="mb-3">\n  <a href="{row_url("meetings:detail", meeting.pk)}" class="fw-semibold">'
            f"{escape(meeting.title)}</a>\n"
            f'  <span class="badge bg-{escape(meeting.badge)}">'
            f"{escape(meeting.get_status_display())}</span>\n"
            f'{restricted}\n  <br><span class="small">{when} · {escape(meeting.get_kind_display())}{place}'
            f" · {items}</span>\n</li>\n"
        )
    return mark_safe("".join(rows))
