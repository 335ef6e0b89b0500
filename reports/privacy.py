"""Personal data held by the reports app (for the account export and erasure pages).

Initiatives and reports belong to organisations; the only personal data are who changed an
initiative's status and who published a report version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reports.models import InitiativeEvent, ReportVersion

if TYPE_CHECKING:
    from members.models import User


def personal_data(user: User) -> dict:
    return {
        "initiative_status_changes": [
            {
                "initiative": event.initiative.title,
                "to_status": event.to_status,
                "at": event.at.isoformat(),
                "reason": event.reason,
            }
            for event in InitiativeEvent.objects.filter(by=user).select_related("initiative").order_by("at")
        ],
        "report_versions_published": [
            {"year": version.report.year, "version": version.number, "at": version.published_at.isoformat()}
            for version in ReportVersion.objects.filter(published_by=user)
            .select_related("report")
            .defer("figures", "html")
        ],
    }


def anonymise(user: User) -> None:
    """Forget who acted; the initiatives, their history and the published reports stay."""
    InitiativeEvent.objects.filter(by=user).update(by=None)
    ReportVersion.objects.filter(published_by=user).update(published_by=None)
