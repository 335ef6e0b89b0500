"""Template access to members.roles: `{% load roles %}{% if user|can:"manage_members" %}`."""

from __future__ import annotations

from django import template

from members import roles

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return roles.can(user, action)


@register.filter
def is_table_staff(user) -> bool:
    return roles.is_table_staff(user)
