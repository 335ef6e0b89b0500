"""Resources an organisation puts in common (spaces, volunteers, equipment, services)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Resource, ResourceAvailability, Theme, User
from members.permissions import active_representation, is_staff
from members.services.errors import MembershipError

RESOURCE_FIELDS = ("kind", "title", "description", "availability", "quantity", "area")


def _check_writer(by: User, organisation: Organisation) -> None:
    if not (is_staff(by) or active_representation(by, organisation)):
        raise MembershipError(_("You are not allowed to do this for this organisation."))


def _save(resource: Resource, data: dict[str, Any], themes: Iterable[Theme]) -> Resource:
    for name in RESOURCE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    try:
        resource.full_clean(exclude=["themes"])
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from exc
    resource.save()
    resource.themes.set(list(themes))
    return resource


@transaction.atomic
def resource_create(
    *, organisation: Organisation, by: User, data: dict[str, Any], themes: Iterable[Theme] = ()
) -> Resource:
    """Add a resource to the organisation's list."""
    _check_writer(by, organisation)
    resource = _save(Resource(organisation=organisation), data, themes)
    ResourceAvailability.objects.create(resource=resource, available=resource.is_active, by=by)
    return resource


@transaction.atomic
def resource_update(
    *, resource: Resource, by: User, data: dict[str, Any], themes: Iterable[Theme] = ()
) -> Resource:
    """Change a resource's description, availability or themes."""
    _check_writer(by, resource.organisation)
    return _save(resource, data, themes)


@transaction.atomic
def resource_deactivate(*, resource: Resource, by: User, active: bool = False) -> Resource:
    """Mark a resource as no longer available (or available again): it is kept for the report."""
    _check_writer(by, resource.organisation)
    if resource.is_active == active:
        return resource
    resource.is_active = active
    resource.save(update_fields=["is_active", "updated_at"])
    # The report counts what was available during a year from these rows.
    ResourceAvailability.objects.create(resource=resource, available=active, by=by)
    return resource
