"""Template helpers of the training app."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from core.links import row_url
from core.templatetags.italian_dates import date  # the template's `date`: "1° gennaio"

register = template.Library()


@register.simple_tag
def session_cards(sessions, sprites: str, *, past: bool) -> SafeString:
    """The cards of /formazione/, written in one pass (a template included per card cost more than the
    rest of the page): title, first day, lessons and hours (`selectors.with_lesson_totals`), the status
    as a visitor reads it now and, for sessions to come, the places left."""
    # Written as the template's {% translate %} wrote them: a translated literal is not escaped.
    to_be_announced = gettext("Dates to be announced")
    full = gettext("Full: registrations join the waiting list")
    icon = (
        f'<svg class="icon icon-sm" aria-hidden="true"><use href="{escape(sprites)}#it-calendar"></use></svg>'
    )
    cards = []
    for session in sessions:
        when = to_be_announced
        if session.starts_at:
            when = escape(date(template_localtime(session.starts_at), "j F Y"))
        lessons = ngettext("%(counter)s lesson", "%(counter)s lessons", session.lesson_count) % {
            "counter": session.lesson_count
        }
        hours = gettext("%(hours)s hours") % {"hours": floatformat(session.lesson_hours, "-2")}
        places = ""  # what a session to come adds under the badge, with the template's blank lines
        if not past:
            places = f"\n        {_places(session, full)}\n      "
        cards.append(
            '<div class="col-md-6 col-lg-4 mb-4">\n  <article class="card card-bg h-100">\n'
            '    <div class="card-body">\n'
            f'      <h3 class="card-title h5"><a href="{row_url("training:detail", session.pk)}">'
            f"{escape(session.title)}</a></h3>\n"
            f'      <p class="mb-1">\n        {icon}\n        {when}\n'
            f"        · {lessons}\n        · {hours}\n      </p>\n"
            f'      <p class="mb-2"><span class="badge bg-{escape(session.badge)}">'
            f"{escape(session.status_label)}</span>\n"
            f"</p>\n      {places}\n    </div>\n  </article>\n</div>\n"
        )
    return mark_safe("".join(cards))


def _places(session, full: str) -> str:
    """Places left (or full) while registrations are or were taken; the counts are numbers, the
    translated sentence is not escaped, as the template's blocktranslate did not."""
    if not session.shows_places:
        return ""
    seats = session.seats_left
    if seats > 0:
        text = ngettext(
            "%(counter)s place left of %(capacity)s", "%(counter)s places left of %(capacity)s", seats
        ) % {"counter": seats, "capacity": session.capacity}
    else:
        text = full
    return f'\n        <p class="mb-0 small">\n          {text}\n        </p>\n        '
