"""The portal's roles and the one place that answers "may this user do X".

Roles are Django groups created by a data migration. Views and templates ask the functions here
(templates through the `roles` template filters); nothing else looks at group names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied

from core.memo import forget, memoised
from core.providers import providers

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser

    from members.models import User


class Role(StrEnum):
    PRESIDENZA = "Presidenza"
    SEGRETERIA = "Segreteria"
    SERVICE_REFERENT = "Referente servizio comunale"
    REPRESENTATIVE = "Rappresentante organizzazione"


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The names of the user's roles, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    return memoised(("roles", user.pk), lambda: frozenset(user.groups.values_list("name", flat=True)))


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    return role.value in role_names(user)


def is_chair(user: User | AnonymousUser) -> bool:
    """The Assessore who chairs the table."""
    return has_role(user, Role.PRESIDENZA)


def holds_staff_role(user: User | AnonymousUser) -> bool:
    """Chair, welfare office staff or superuser by role alone, before the second factor is considered."""
    names = role_names(user)
    return Role.PRESIDENZA.value in names or Role.SEGRETERIA.value in names or user.is_superuser


def has_totp(user: User | AnonymousUser) -> bool:
    """Whether the user has enrolled a TOTP authenticator (read once per request)."""
    if not user.is_authenticated:
        return False
    from allauth.mfa.models import Authenticator

    return memoised(
        ("has_totp", user.pk),
        lambda: Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    )


def needs_mfa_enrolment(user: User | AnonymousUser) -> bool:
    """Staff (by role or by the admin flag) without TOTP, while the portal requires it of them.

    A session opened with a strong digital identity (SPID level 2 or more, CIE) needs no TOTP.
    """
    if not settings.TAVOLO_REQUIRE_STAFF_MFA or not user.is_authenticated:
        return False
    if getattr(user, "tavolo_strong_identity", False):
        # Signed in with SPID level 2 or CIE (members.security.StrongIdentityMiddleware): that is the
        # second factor.
        return False
    if not (holds_staff_role(user) or user.is_staff):
        return False
    return not has_totp(user)


def is_table_staff(user: User | AnonymousUser) -> bool:
    """Chair or welfare office staff: those who run the table.

    While staff MFA is required, a staff account without an authenticator is not staff anywhere
    (public pages included: it sees drafts no more than an anonymous visitor does), so that a password
    alone never shows what only staff may see.
    """
    return holds_staff_role(user) and not needs_mfa_enrolment(user)


def is_service_referent(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.SERVICE_REFERENT)


def is_representative(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.REPRESENTATIVE)


# What each action of this app needs; views call `can(user, "action")`, templates
# `{% if user|can:"action" %}`. Higher apps add their own actions (meetings.roles.ACTIONS, ...) through
# settings.TAVOLO_PROVIDERS["role_actions"], so this module never names them.
_ACTIONS: dict[str, Callable[[User | AnonymousUser], bool]] = {
    "manage_members": is_table_staff,
    "manage_regulation": is_table_staff,
    "manage_services": is_table_staff,
    "view_audit": is_table_staff,
    "search_resources": lambda u: is_table_staff(u) or is_representative(u) or is_service_referent(u),
}


def actions() -> dict[str, Callable[[User | AnonymousUser], bool]]:
    """Every portal-wide action: this app's and those the higher apps provide."""
    table = dict(_ACTIONS)
    for provided in providers("role_actions"):
        table.update(provided)
    return table


def can(user: User | AnonymousUser, action: str) -> bool:
    """Whether the user may perform a portal-wide action (object checks live in each app's permissions)."""
    try:
        check = actions()[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}") from None
    return bool(user.is_authenticated and user.is_active and check(user))


def require(user: User | AnonymousUser, action: str) -> None:
    """The portal's one refusal for a role that may not use a page: 403.

    The refusal policy, the same in every app: anonymous visitors of a signed-in page are sent to the
    login page (the views' `login_required`); signed-in people whose role may not use the page get
    403 (here); an object they may not see (another organisation's, not public) is 404 (each app's
    `get_<object>_for_user`).
    """
    if not can(user, action):
        raise PermissionDenied


def grant_role(user: User, role: Role) -> None:
    """Give a role to a user (creating nothing else)."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role.value))
    forget(("roles", user.pk))
