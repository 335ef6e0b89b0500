"""The `date` filter, with the first day of a month written "1° ottobre" in Italian.

Loaded as a template builtin after Django's own (TEMPLATES["OPTIONS"]["builtins"]), so every
`{{ day|date:"j F Y" }}` in every template reads as an Italian office writes it; the value and the
format are handled by Django's filter unchanged.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as django_date

from core.italian import first_of_month

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return first_of_month(django_date(value, arg))
