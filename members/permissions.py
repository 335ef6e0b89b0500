"""Object-level permissions of the members app: 404 for outsiders, 403 for read-only access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members import roles
from members.models import Organisation, OrganisationStatus, Resource, User
from members.selectors import Acting, organisations_acted_for

# A representative may still look at a suspended or withdrawn organisation, but not change it.
_READ_ONLY_STATUSES = {
    OrganisationStatus.SUSPENDED,
    OrganisationStatus.WITHDRAWN,
    OrganisationStatus.REJECTED,
}


def is_staff(user: User) -> bool:
    return roles.can(user, "manage_members")


def active_representation(user: User, organisation: Organisation) -> Acting | None:
    """The user's active representation of this organisation (from the one "acts for" selector)."""
    for acting in organisations_acted_for(user):
        if acting.organisation.pk == organisation.pk:
            return acting
    return None


def can_manage_representatives(user: User, organisation: Organisation) -> bool:
    """Staff, or the organisation's primary representative (invites, requests, hand-over)."""
    if is_staff(user):
        return True
    rep = active_representation(user, organisation)
    return rep is not None and rep.is_primary


def get_organisation_for_user(user: User, pk: int, *, write: bool = False) -> Organisation:
    """The organisation if the user is staff or one of its active representatives; 404 otherwise.

    With `write=True` a representative of an organisation that is suspended, withdrawn or rejected
    gets 403: they can read its history but not change its profile or resources.
    """
    organisation = get_object_or_404(Organisation.objects.select_related("legal_form", "area"), pk=pk)
    if is_staff(user):
        return organisation
    if active_representation(user, organisation) is None:
        raise Http404
    if write and organisation.status in _READ_ONLY_STATUSES:
        raise PermissionDenied
    return organisation


def get_acting_for_user(user: User, pk: object) -> Acting:
    """One of the organisations the user acts for, by primary key; 404 for any other."""
    for acting in organisations_acted_for(user):
        if str(acting.organisation.pk) == str(pk):
            return acting
    raise Http404


def get_resource_for_user(user: User, organisation: Organisation, pk: int) -> Resource:
    """A resource of an organisation the user may already write to (404 if it belongs elsewhere)."""
    return get_object_or_404(Resource, pk=pk, organisation=organisation)


def require_staff(user: User) -> None:
    roles.require(user, "manage_members")


def require_representatives_manager(user: User, organisation: Organisation) -> None:
    if not can_manage_representatives(user, organisation):
        raise PermissionDenied


def require_transition_actor(user: User, organisation: Organisation, transition) -> None:
    """403 when the user's role can never apply this transition (e.g. a representative suspending)."""
    from members.services import actor_kinds

    if not transition.actors & actor_kinds(user, organisation):
        raise PermissionDenied
