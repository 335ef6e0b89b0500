"""Routing deadlines: the office moves a routing's due date; referents are reminded before and after it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.italian import articled, format_date
from core.mail import email_enqueue
from meetings.errors import MeetingError
from meetings.models import Routing, RoutingStatus, RoutingStatusChange
from meetings.selectors import late_routings, routings_due_soon
from meetings.services.agenda import _check_due_date, _require_open
from members.models import User


def _day(value: dt.date) -> str:
    return format_date(value, "j F Y")


def routing_set_due_date(*, routing: Routing, by: User, due_date: dt.date) -> Routing:
    """The office moves the date by which a service should answer; the history row and the referent say so."""
    with transaction.atomic():
        routing = (
            Routing.objects.select_for_update(of=("self",))
            .select_related("agenda_item__meeting", "service", "referent")
            .get(pk=routing.pk)
        )
        meeting = routing.agenda_item.meeting
        _require_open(meeting)
        if routing.status == RoutingStatus.ANSWERED:
            raise MeetingError(_("The service has already answered: its due date can no longer change."))
        if due_date < timezone.localdate():
            raise MeetingError(_("The new due date is in the past: choose today or a later day."))
        _check_due_date(meeting, due_date)
        previous = routing.due_date
        if previous == due_date:
            return routing
        routing.due_date = due_date
        routing.save(update_fields=["due_date", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Due date moved from %(old)s to %(new)s.") % {
                "old": articled(_day(previous), "da"),
                "new": articled(_day(due_date), "a"),
            }
        RoutingStatusChange.objects.create(
            routing=routing, from_status=routing.status, to_status=routing.status, by=by, reason=reason
        )
        for email in referent_emails(routing):
            email_enqueue(
                to=email,
                subject=_("New due date: %(title)s") % {"title": routing.agenda_item.title},
                template="meetings/emails/routing_due_date",
                context=_routing_context(routing) | {"previous": previous},
                dedup_key=f"routing:{routing.pk}:due-date:{due_date}:{email}",
            )
    return routing


def referent_emails(routing: Routing) -> list[str]:
    """Who hears about a routing: the service's active referents, else the service's own address."""
    emails = sorted(
        {
            email
            for email in routing.service.referents.filter(is_active=True).values_list("email", flat=True)
            if email
        }
    )
    if not emails and routing.service.email:
        emails = [routing.service.email]
    return emails


def _routing_context(routing: Routing) -> dict[str, object]:
    return {
        "routing": routing,
        "item": routing.agenda_item,
        "meeting": routing.agenda_item.meeting,
        "routing_url": f"{settings.SITE_URL}{reverse('meetings:routing', args=[routing.pk])}",
    }


def routing_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the referents of each unanswered routing due within TAVOLO_ROUTING_REMINDER_DAYS days, and
    of each overdue one: each reminder once per routing, kind, due date and recipient (the outbox key
    remembers what was sent, so running again sends nothing new). Returns the e-mails queued."""
    today = today or timezone.localdate()
    days = settings.TAVOLO_ROUTING_REMINDER_DAYS
    queued = 0
    batches = (
        ("soon", routings_due_soon(today=today, days=days)),
        ("overdue", late_routings(today=today)),
    )
    for kind, routings in batches:
        for routing in routings.prefetch_related(None):
            overdue = kind == "overdue"
            subject = (_("Answer overdue: %(title)s") if overdue else _("Answer due soon: %(title)s")) % {
                "title": routing.agenda_item.title
            }
            with transaction.atomic():
                for email in referent_emails(routing):
                    message = email_enqueue(
                        to=email,
                        subject=subject,
                        template="meetings/emails/routing_reminder",
                        context=_routing_context(routing) | {"overdue": overdue},
                        dedup_key=f"routing:{routing.pk}:reminder:{kind}:{routing.due_date}:{email}",
                    )
                    queued += message is not None
    return queued
