"""The municipal services the office maintains: created, edited and retired, never deleted.

The audit trail is django-auditlog's (MunicipalService is registered with its competences and referents).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from members import roles
from members.models import MunicipalService, Theme, User
from members.services.errors import MembershipError

SERVICE_FIELDS = ("name", "description", "email", "phone", "office")


def _check_staff(by: User) -> None:
    if not roles.can(by, "manage_services"):
        raise MembershipError(_("You are not allowed to manage the municipal services."))


def _unique_slug(name: str, exclude_pk: int | None) -> str:
    base = slugify(name)[:150] or "servizio"
    slug, n = base, 2
    while MunicipalService.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(
    service: MunicipalService, data: dict[str, Any], competences: Iterable[Theme], referents: Iterable[User]
) -> MunicipalService:
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    if MunicipalService.objects.filter(name__iexact=service.name).exclude(pk=service.pk).exists():
        raise MembershipError(_("A municipal service with this name already exists."), field="name")
    if not service.slug:
        service.slug = _unique_slug(service.name, service.pk)
    try:
        service.full_clean(exclude=["competences", "referents"])
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from exc
    service.save()
    service.competences.set(list(competences))
    service.referents.set(list(referents))
    return service


@transaction.atomic
def service_create(
    *,
    by: User,
    data: dict[str, Any],
    competences: Iterable[Theme] = (),
    referents: Iterable[User] = (),
) -> MunicipalService:
    """Add a municipal service, with its competences, referents and contacts."""
    _check_staff(by)
    return _save(MunicipalService(), data, competences, referents)


@transaction.atomic
def service_update(
    *,
    service: MunicipalService,
    by: User,
    data: dict[str, Any],
    competences: Iterable[Theme] = (),
    referents: Iterable[User] = (),
) -> MunicipalService:
    """Change a service's description, competences, referents or contacts (its address stays)."""
    _check_staff(by)
    return _save(service, data, competences, referents)


@transaction.atomic
def service_retire(*, service: MunicipalService, by: User, active: bool = False) -> MunicipalService:
    """Retire a service (or bring it back): it keeps its history and routings, but is offered no more."""
    _check_staff(by)
    service = MunicipalService.objects.select_for_update().get(pk=service.pk)
    if service.is_active != active:
        service.is_active = active
        service.save(update_fields=["is_active", "updated_at"])
    return service
