"""This app's panels in /area-riservata/ (see core.dashboard)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.dashboard import Panel, shared_panels
from members import roles, selectors


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    if roles.can(user, "manage_members"):
        # The same for every office account: kept rendered until the data changes.
        result.extend(
            shared_panels(
                "members-staff",
                lambda: [
                    Panel(
                        title=_("Organisations"),
                        template="members/panels/staff.html",
                        context=selectors.staff_counts(),
                        order=10,
                    )
                ],
            )
        )
    organisations = selectors.representative_organisations(user) if roles.is_representative(user) else []
    if organisations:
        result.append(
            Panel(
                title=_("Your organisation") if len(organisations) == 1 else _("Your organisations"),
                template="members/panels/representative.html",
                context={"organisations": organisations},
                order=5,
            )
        )
    if roles.is_service_referent(user):
        result.append(
            Panel(
                title=_("Resources of the network"),
                template="members/panels/referent.html",
                context={"services": selectors.service_referent_services(user)},
                order=50,
            )
        )
    return result
