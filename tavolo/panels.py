"""Dashboard panels of the project package: e-mails that could not be delivered (staff only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.dashboard import Panel
from core.models import OutgoingEmail, OutgoingEmailStatus
from members import roles


def panels(request: HttpRequest) -> list[Panel]:
    if not roles.is_table_staff(request.user):
        return []
    problems = list(
        OutgoingEmail.objects.filter(
            status__in=[OutgoingEmailStatus.FAILED, OutgoingEmailStatus.RETRYING]
        ).order_by("-updated_at")[:20]
    )
    if not problems:
        return []
    return [
        Panel(
            title=_("E-mails not delivered"),
            template="tavolo/_panel_email_failures.html",
            context={"emails": problems},
            order=5,
        )
    ]
