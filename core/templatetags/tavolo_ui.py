"""Template helpers of the portal's layout (templates/base.html)."""

from __future__ import annotations

import html

from django import template
from django.conf import settings
from django.forms import BoundField, ModelChoiceField
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.italian import articled as _articled
from core.layout import layout_static as _layout_static
from core.layout import layout_url as _layout_url
from core.links import row_url

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


@register.filter(needs_autoescape=True)
def articled(value: object, preposition: str = "", autoescape: bool = True) -> str:
    """`{{ day|date:"j F Y"|articled:"da" }}` -> "dall'8 luglio 2026" (core.italian.articled)."""
    escape = conditional_escape if autoescape else str
    text = _articled(str(value), preposition)
    prefix = text[: len(text) - len(str(value).lstrip())]
    return mark_safe(prefix + escape(value if hasattr(value, "__html__") else str(value).lstrip()))


def phone_href(number: str) -> str:
    """The number as a `tel:` link wants it: digits and a leading +, nothing else."""
    digits = "".join(c for c in number if c.isdigit())
    return f"+{digits}" if number.strip().startswith("+") else digits


@register.simple_tag
def tel_link(number: str, owner: str = "") -> str:
    """`{% tel_link organisation.phone organisation.name %}`: a `tel:` link whose accessible name says
    whose number it is (the visible text stays the number, as typed)."""
    if not number:
        return ""
    return _contact_link(f"tel:{phone_href(number)}", number, gettext("Phone of %(owner)s:"), owner)


@register.simple_tag
def mailto_link(address: str, owner: str = "") -> str:
    """`{% mailto_link organisation.email organisation.name %}`: a `mailto:` link, same idea."""
    if not address:
        return ""
    return _contact_link(f"mailto:{address}", address, gettext("E-mail of %(owner)s:"), owner)


def escape_str(text: object) -> str:
    """`django.utils.html.escape` for values that are never lazy translations (model fields, numbers):
    the same five characters replaced, without the lazy-string check that wraps every call (on a list
    of cards, called a few hundred times a page, the check cost more than the escaping). Not marked
    safe: the caller marks the whole HTML it writes."""
    return html.escape(str(text))


def _contact_link(href: str, text: str, whose: str, owner: str) -> str:
    """The link of `tel_link` and `mailto_link`, escaped once (lists of cards call them twice a card:
    `format_html` and a lazy translation cost more than the rest of a card)."""
    hidden = f'<span class="visually-hidden">{escape_str(whose % {"owner": owner})} </span>' if owner else ""
    return mark_safe(f'<a href="{escape_str(href)}">{hidden}{escape_str(text)}</a>')


@register.filter
def select_options(field: BoundField) -> str:
    """A select's `<option>` tags, the current value selected, written in one pass: the widget renders a
    template per option, which on a filter form with a few dozen options cost more than the page's rows.
    A model choice field reads its queryset once (its choice iterator counts the rows, then opens a
    cursor), unless its widget was given the options as a list (`core.fragments.cached_choices`)."""
    form_field = field.field
    listed = form_field.widget.choices
    if isinstance(form_field, ModelChoiceField) and isinstance(listed, ModelChoiceIterator):
        choices = [("", form_field.empty_label)] if form_field.empty_label is not None else []
        choices += [
            (form_field.prepare_value(obj), form_field.label_from_instance(obj))
            for obj in form_field.queryset
        ]
    else:
        choices = list(listed)
    current = field.value()
    current = "" if current is None else str(current)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (str(value), mark_safe(" selected") if str(value) == current else "", label)
            for value, label in choices
        ),
    )


@register.simple_tag
def pk_url(name: str, pk: int) -> str:
    """`{% pk_url "app:route" row.pk %}`: the URL of a route whose one argument is an integer key,
    reversed once per request however many rows a list links (`core.links.row_url`; the same as
    `{% url name pk %}`)."""
    return row_url(name, pk)


@register.simple_tag
def status_badge(obj: object) -> str:
    """`{% status_badge organisation %}`: the status of an object with a `badge` colour and a status
    field, as a Bootstrap Italia badge (`get_status_display`, its labels read once per field by
    `core.models.TimeStampedModel`)."""
    return format_html('<span class="badge bg-{}">{}</span>', obj.badge, obj.get_status_display())


@register.simple_tag
def layout_url(name: str, *args: object) -> str:
    """`{% url %}` for the layout's links (header, footer): reversed once per process and language
    (core.layout). Takes positional arguments and `as variable` like `{% url %}`."""
    return _layout_url(name, *args)


@register.simple_tag
def layout_static(path: str) -> str:
    """`{% static %}` for the layout's files (stylesheets, scripts, fonts, icons): worked out once per
    process (core.layout). Takes `as variable` like `{% static %}`."""
    return _layout_static(path)
