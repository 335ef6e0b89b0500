"""`{% submit_once %}`: the one-time token that makes a POST form apply once (core.submit_once)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from core.submit_once import FIELD_NAME, new_token

register = template.Library()


@register.simple_tag
def submit_once() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())
