"""This app's panels in /area-riservata/ (see core.dashboard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.dashboard import Panel, key_of, shared_panels
from members import roles
from members import selectors as member_selectors
from reports import selectors
from reports.models import AnnualReport, ReportStatus

if TYPE_CHECKING:
    from members.models import Organisation


def _staff_panels() -> list[Panel]:
    return [
        Panel(
            title=str(_("Initiatives and annual report")),
            template="reports/panels/staff.html",
            context={
                "to_validate": selectors.initiative_titles_to_validate(limit=10),
                "drafts": list(AnnualReport.objects.filter(status=ReportStatus.DRAFT).order_by("-year")[:5]),
            },
            order=60,
        )
    ]


def _representative_panel(organisations: list[Organisation]) -> Panel:
    return Panel(
        title=str(_("Your initiatives")),
        template="reports/panels/representative.html",
        context={"initiatives": selectors.initiative_titles_for(organisations, limit=10)},
        order=60,
    )


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    if roles.can(user, "manage_reports"):
        # The same for every account that manages reports: kept rendered until the data changes.
        result.extend(shared_panels("reports-staff", _staff_panels))
    elif roles.can(user, "declare_initiatives") and member_selectors.member_organisations_acted_for(user):
        # The initiatives of every organisation the person acts for: kept rendered per set of
        # organisations (not per person) until the data changes.
        organisations = member_selectors.representative_organisations(user)
        key = key_of(organisation.pk for organisation in organisations)
        result.extend(
            shared_panels(f"reports-representative:{key}", lambda: [_representative_panel(organisations)])
        )
    return result
