"""This app's panels in /area-riservata/ (see core.dashboard); each costs a bounded number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Panel, key_of, shared_panels
from core.querysets import first_rows_and_total
from meetings import selectors
from meetings.models import Meeting, MeetingStatus
from members import roles
from members import selectors as member_selectors

if TYPE_CHECKING:
    from members.models import Organisation, User

LIMIT = 5


def _staff_panels() -> list[Panel]:
    panels: list[Panel] = []
    # Those who manage meetings see them all, drafts included (selectors.visible_meetings).
    upcoming = list(
        Meeting.objects.filter(
            status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED), ends_at__gte=timezone.now()
        ).order_by("starts_at")[:LIMIT]
    )
    # Counted in SQL and listed sliced: the panel costs the same whatever the number of rows.
    late = selectors.late_routings_by_service(per_service=3)
    proposals, proposals_count = first_rows_and_total(
        selectors.proposals_brief(selectors.proposals_to_decide()), LIMIT
    )
    panels.append(
        Panel(
            title=_("Meetings"),
            template="meetings/panels/staff.html",
            context={
                "upcoming": upcoming,
                "late_by_service": late,
                "late_count": sum(group.count for group in late),
                "proposals": proposals,
                "proposals_count": proposals_count,
            },
            order=20,
        )
    )
    # The office sees every decision whose expected date has passed.
    overdue, overdue_count = first_rows_and_total(selectors.overdue_decisions(), LIMIT)
    if overdue_count:
        panels.append(
            Panel(
                title=_("Overdue decisions"),
                template="meetings/panels/overdue_decisions.html",
                context={"decisions": overdue, "count": overdue_count},
                order=21,
            )
        )
    return panels


def _referent_panel(service_ids: list[int]) -> Panel:
    return Panel(
        title=_("Topics for your service"),
        template="meetings/panels/referent.html",
        context={
            "routings": list(selectors.routings_of_services(service_ids).exclude(status="answered")[:10])
        },
        order=15,
    )


def _representative_panel(user: User, organisation: Organisation) -> Panel:
    now = timezone.now()
    meetings = selectors.next_meetings_with_reply(user, organisation, limit=LIMIT)
    # A meeting stops taking answers when it starts and leaves the list when it ends.
    changes = [meeting.starts_at if meeting.starts_at > now else meeting.ends_at for meeting in meetings]
    return Panel(
        title=_("Meetings and topic proposals"),
        template="meetings/panels/representative.html",
        context={
            "meetings": meetings,
            "proposals": list(selectors.proposals_brief(selectors.proposals_of(organisation))[:LIMIT]),
        },
        order=20,
        fresh_until=min(changes, default=None),
    )


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    if roles.can(user, "manage_meetings"):
        # The same for every account that manages meetings (they see them all): kept rendered until the
        # data changes.
        result.extend(shared_panels("meetings-staff", _staff_panels))
    if roles.is_service_referent(user):
        # Kept rendered per set of services (the same for each of their referents) until the data changes.
        services = [service.pk for service in member_selectors.referent_services(user)]
        result.extend(
            shared_panels(f"meetings-referent:{key_of(services)}", lambda: [_referent_panel(services)])
        )
    organisation = member_selectors.current_organisation(request, members_only=True)
    if organisation is not None and roles.can(user, "propose_topics"):
        # Kept rendered per organisation (not per person) until the data changes or a listed meeting
        # starts or ends: whoever acts for a member organisation sees every convened meeting.
        result.extend(
            shared_panels(
                f"meetings-representative:{organisation.pk}",
                lambda: [_representative_panel(user, organisation)],
            )
        )
    return result
