"""Agenda items and their routing to the municipal services competent for their themes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from core.notifications import NotifyEmail, notify
from core.pagecache import pages_changed
from meetings import email_kinds
from meetings.errors import MeetingError
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    OverrideAction,
    Routing,
    RoutingOverride,
    RoutingSource,
    RoutingStatus,
    RoutingStatusChange,
)
from meetings.services._common import clean
from members import selectors as member_selectors
from members.models import MunicipalService, Organisation, Theme, User

OPEN_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.CONVENED)
DUE_DAYS_BEFORE = 3


def _require_open(meeting: Meeting) -> None:
    if "edit_agenda" not in meeting.allowed_actions(manager=True):
        raise MeetingError(_("The agenda can be changed only before the meeting is held."))


def agenda_item_add(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    description: str = "",
    themes: Iterable[Theme] = (),
    proposer_organisation: Organisation | None = None,
    proposer_user: User | None = None,
    expected_minutes: int | None = None,
    chair_notes: str = "",
) -> AgendaItem:
    """Append an item to the agenda."""
    _require_open(meeting)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem(
            meeting=meeting,
            position=last + 1,
            title=title,
            description=description,
            proposer_organisation=proposer_organisation,
            proposer_user=proposer_user,
            expected_minutes=expected_minutes,
            chair_notes=chair_notes,
        )
        clean(item)
        item.save()
        item.themes.set(list(themes))
    return item


def agenda_item_update(
    *, item: AgendaItem, by: User, themes: Iterable[Theme] | None = None, **fields: object
) -> AgendaItem:
    """Edit an item (title, description, duration, notes, outcome, themes)."""
    allowed = {"title", "description", "expected_minutes", "chair_notes", "outcome"}
    if set(fields) - allowed:
        raise TypeError(f"Not editable: {sorted(set(fields) - allowed)}")
    if set(fields) - {"outcome", "chair_notes"} or themes is not None:
        _require_open(item.meeting)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        clean(item)
        item.save()
        if themes is not None:
            item.themes.set(list(themes))
    return item


def agenda_item_move(*, item: AgendaItem, by: User, direction: str) -> AgendaItem:
    """Swap an item with the previous ("up") or next ("down") one."""
    _require_open(item.meeting)
    siblings = AgendaItem.objects.filter(meeting=item.meeting)
    with transaction.atomic():
        if direction == "up":
            other = siblings.filter(position__lt=item.position).order_by("-position").first()
        elif direction == "down":
            other = siblings.filter(position__gt=item.position).order_by("position").first()
        else:
            raise MeetingError(_("Unknown direction."))
        if other is None:
            return item
        mine, theirs = item.position, other.position
        # Through a free position: the (meeting, position) constraint holds at every step.
        free = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
        AgendaItem.objects.filter(pk=item.pk).update(position=free)
        AgendaItem.objects.filter(pk=other.pk).update(position=mine)
        AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
        pages_changed()  # QuerySet.update sends no signal: the public agenda's order changed
        item.position = theirs
    return item


def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    """Remove an item from a draft agenda (with its routings)."""
    if "remove_item" not in item.meeting.allowed_actions(manager=True):
        raise MeetingError(_("Items can be removed only from a draft agenda."))
    with transaction.atomic():
        if item.routings.filter(status=RoutingStatus.ANSWERED).exists():
            raise MeetingError(_("A service has already answered on this item: it cannot be removed."))
        item.delete()


def competent_services(item: AgendaItem) -> QuerySet[MunicipalService]:
    """Active services whose competences include at least one of the item's themes."""
    return (
        MunicipalService.objects.filter(is_active=True, competences__in=item.themes.all())
        .distinct()
        .order_by("name")
    )


def _default_due_date(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at) - dt.timedelta(days=DUE_DAYS_BEFORE)


def _check_due_date(meeting: Meeting, due_date: dt.date) -> None:
    if due_date >= timezone.localdate(meeting.starts_at):
        raise MeetingError(_("The answer must be due before the day of the meeting."))


def _first_referent(service: MunicipalService) -> User | None:
    return service.referents.filter(is_active=True).order_by("pk").first()


def _notify_referent(routing: Routing) -> None:
    if routing.referent is None:
        return
    email_enqueue(
        to=routing.referent.email,
        subject=_("A topic for your service: %(title)s") % {"title": routing.agenda_item.title},
        template="meetings/emails/routing_assigned",
        context={
            "routing": routing,
            "item": routing.agenda_item,
            "meeting": routing.agenda_item.meeting,
            "routing_url": f"{settings.SITE_URL}{reverse('meetings:routing', args=[routing.pk])}",
        },
        dedup_key=f"routing:{routing.pk}:assigned:{routing.referent_id}",
        kind=email_kinds.ROUTING,
    )


def _create_routing(
    item: AgendaItem,
    service: MunicipalService,
    *,
    by: User,
    source: str,
    due_date: dt.date | None,
    referent: User | None = None,
) -> Routing:
    due = due_date or _default_due_date(item.meeting)
    _check_due_date(item.meeting, due)
    if referent is not None and not service.referents.filter(pk=referent.pk).exists():
        raise MeetingError(_("The referent must be one of the service's referents."))
    routing = Routing(
        agenda_item=item,
        service=service,
        referent=referent or _first_referent(service),
        due_date=due,
        source=source,
    )
    clean(routing)
    routing.save()
    RoutingStatusChange.objects.create(routing=routing, from_status="", to_status=routing.status, by=by)
    _notify_referent(routing)
    return routing


def agenda_item_route(*, item: AgendaItem, by: User, due_date: dt.date | None = None) -> list[Routing]:
    """Route an item to its competent services, except those staff removed; returns the new routings."""
    _require_open(item.meeting)
    with transaction.atomic():
        already = set(item.routings.values_list("service_id", flat=True))
        removed = _removed_service_ids(item)
        created = []
        for service in competent_services(item).exclude(pk__in=already | removed):
            created.append(
                _create_routing(item, service, by=by, source=RoutingSource.AUTOMATIC, due_date=due_date)
            )
    return created


def _removed_service_ids(item: AgendaItem) -> set[int]:
    """Services whose latest override on this item is a removal."""
    latest: dict[int, str] = {}
    for service_id, action in item.overrides.order_by("at", "pk").values_list("service_id", "action"):
        latest[service_id] = action
    return {pk for pk, action in latest.items() if action == OverrideAction.REMOVED}


def routing_add_service(
    *,
    item: AgendaItem,
    service: MunicipalService,
    by: User,
    reason: str = "",
    due_date: dt.date | None = None,
    referent: User | None = None,
) -> Routing:
    """Staff route an item to a service the themes did not select (recorded as an override)."""
    _require_open(item.meeting)
    with transaction.atomic():
        if item.routings.filter(service=service).exists():
            raise MeetingError(_("The item is already routed to this service."))
        RoutingOverride.objects.create(
            agenda_item=item, service=service, action=OverrideAction.ADDED, by=by, reason=reason
        )
        return _create_routing(
            item, service, by=by, source=RoutingSource.STAFF, due_date=due_date, referent=referent
        )


def routing_remove_service(
    *, item: AgendaItem, service: MunicipalService, by: User, reason: str = ""
) -> None:
    """Staff take a service off an item (recorded as an override, so routing again will not add it back)."""
    _require_open(item.meeting)
    with transaction.atomic():
        routing = item.routings.filter(service=service).first()
        if routing is not None and routing.status == RoutingStatus.ANSWERED:
            raise MeetingError(_("The service has already answered on this item: it cannot be removed."))
        RoutingOverride.objects.create(
            agenda_item=item, service=service, action=OverrideAction.REMOVED, by=by, reason=reason
        )
        if routing is not None:
            routing.delete()


_NEXT = {
    RoutingStatus.TO_REVIEW: {RoutingStatus.TO_REVIEW, RoutingStatus.IN_PROGRESS, RoutingStatus.ANSWERED},
    RoutingStatus.IN_PROGRESS: {RoutingStatus.IN_PROGRESS, RoutingStatus.ANSWERED},
    RoutingStatus.ANSWERED: {RoutingStatus.ANSWERED},
}


def routing_update(*, routing: Routing, by: User, status: str, contribution: str) -> Routing:
    """The referent moves a routing forward and writes the service's contribution."""
    with transaction.atomic():
        routing = (
            Routing.objects.select_for_update(of=("self",))
            .select_related("agenda_item__meeting", "service")
            .get(pk=routing.pk)
        )
        if routing.agenda_item.meeting.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("The meeting was cancelled."))
        if status not in _NEXT[RoutingStatus(routing.status)]:
            raise MeetingError(_("An answered routing cannot go back to an earlier status."))
        if status == RoutingStatus.ANSWERED and not contribution.strip():
            raise MeetingError(_("Write the service's contribution before marking the routing as answered."))
        previous = routing.status
        routing.contribution = contribution
        routing.status = status
        if status == RoutingStatus.ANSWERED and previous != RoutingStatus.ANSWERED:
            routing.answered_at = timezone.now()
            routing.answered_by = by
        clean(routing)
        routing.save()
        if previous != status:
            RoutingStatusChange.objects.create(routing=routing, from_status=previous, to_status=status, by=by)
        if status == RoutingStatus.ANSWERED and previous != RoutingStatus.ANSWERED:
            _tell_office_of_answer(routing)
    return routing


def _tell_office_of_answer(routing: Routing) -> None:
    item = routing.agenda_item
    path = reverse("meetings:manage", args=[item.meeting_id])
    with translation.override(settings.LANGUAGE_CODE):
        values = {"service": routing.service.name, "item": item.title, "meeting": item.meeting.title}
        text = _("%(service)s answered on “%(item)s” (%(meeting)s)") % values
        subject = _("Answer of %(service)s: %(item)s") % values
    notify(
        recipients=member_selectors.office_staff(),
        kind=email_kinds.OFFICE_ROUTING_ANSWER,
        text=text,
        url=path,
        key=f"routing:{routing.pk}:answered",
        email=NotifyEmail(
            subject=subject,
            template="meetings/emails/office_routing_answer",
            context={
                "routing": routing,
                "item": item,
                "meeting": item.meeting,
                "url": f"{settings.SITE_URL}{path}",
            },
        ),
    )
