"""Who may see and change initiatives and report drafts: 404 for outsiders, 403 for read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from members import roles
from members.models import Organisation, OrganisationStatus
from reports import selectors
from reports.models import AnnualReport, Initiative

if TYPE_CHECKING:
    from members.models import User


def organisations_of(user: User) -> QuerySet[Organisation]:
    """The member organisations the user currently represents (those that may declare initiatives)."""
    if not roles.can(user, "declare_initiatives"):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        representatives__user=user, representatives__is_active=True, status=OrganisationStatus.ACTIVE
    ).order_by("name")


def _access(user: User, initiative: Initiative) -> str:
    """ "write", "read" or "" (outsider)."""
    if roles.can(user, "manage_reports"):
        return "write"
    if not user.is_authenticated:
        return ""
    represented = set(user.representations.filter(is_active=True).values_list("organisation_id", flat=True))
    if initiative.lead_organisation_id in represented:
        return "write"
    if represented & {org.pk for org in initiative.partners.all()}:
        return "read"
    return ""


def can_write_initiative(user: User, initiative: Initiative) -> bool:
    return _access(user, initiative) == "write"


def get_initiative_for_user(user: User, pk: int, *, write: bool = False) -> Initiative:
    """Staff: any initiative. Representatives of the lead: read and write. Of a partner: read only."""
    try:
        initiative = selectors.initiative_detail(pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    access = _access(user, initiative)
    if not access:
        raise Http404
    if write and access != "write":
        raise PermissionDenied
    return initiative


def require_report_staff(user: User) -> None:
    """Drafts and the publishing desk are staff pages: everyone else signed in gets 403 (refusal policy)."""
    if not roles.can(user, "manage_reports"):
        raise PermissionDenied


def get_report_for_staff(user: User, year: int) -> AnnualReport:
    require_report_staff(user)
    try:
        return AnnualReport.objects.get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404 from None
