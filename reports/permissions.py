"""Who may see and change initiatives and report drafts: 404 for outsiders, 403 for read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from members import roles
from members import selectors as member_selectors
from members.models import Organisation
from reports import selectors
from reports.models import AnnualReport, Initiative

if TYPE_CHECKING:
    from members.models import User


def declaring_organisation(request: HttpRequest) -> Organisation:
    """The member organisation the representative acts for now: the lead of a new initiative.
    403 for anyone who may not declare initiatives or acts for no member organisation."""
    roles.require(request.user, "declare_initiatives")
    organisation = member_selectors.current_organisation(request, members_only=True)
    if organisation is None:
        raise PermissionDenied
    return organisation


def require_initiatives_reader(user: User) -> None:
    """The list of initiatives: staff, and representatives of member organisations; others 403."""
    if roles.can(user, "manage_reports"):
        return
    roles.require(user, "declare_initiatives")
    if not member_selectors.member_organisations_acted_for(user):
        raise PermissionDenied


def _access(user: User, initiative: Initiative) -> str:
    """ "write", "read" or "" (outsider)."""
    if roles.can(user, "manage_reports"):
        return "write"
    if not user.is_authenticated:
        return ""
    represented = {acting.organisation.pk for acting in member_selectors.organisations_acted_for(user)}
    if initiative.lead_organisation_id in represented:
        return "write"
    if represented & {org.pk for org in initiative.partners.all()}:
        return "read"
    return ""


def can_write_initiative(user: User, initiative: Initiative) -> bool:
    return _access(user, initiative) == "write"


def get_initiative_for_user(user: User, pk: int, *, write: bool = False) -> Initiative:
    """Staff: any initiative. Representatives of the lead: read and write. Of a partner: read only;
    of other organisations: 404. Roles that never declare initiatives (service referents): 403."""
    if not (roles.can(user, "manage_reports") or roles.can(user, "declare_initiatives")):
        raise PermissionDenied  # a representatives' page: the role is refused whichever initiative
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
    """Drafts and the publishing desk are for staff only: everyone else gets 403."""
    roles.require(user, "manage_reports")


def get_report_for_staff(user: User, year: int) -> AnnualReport:
    require_report_staff(user)
    try:
        return AnnualReport.objects.get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404 from None
