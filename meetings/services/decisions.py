"""Decisions recorded in the minutes and the progress updates their owners post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from meetings.errors import MeetingError
from meetings.models import (
    AgendaItem,
    Decision,
    DecisionOwner,
    DecisionStatus,
    DecisionUpdate,
    MeetingStatus,
    MinutesStatus,
)
from meetings.services._common import clean
from members.models import MunicipalService, Organisation, Theme, User


def _check_owner(
    owner_kind: str, service: MunicipalService | None, organisations: list[Organisation]
) -> None:
    if owner_kind == DecisionOwner.SERVICE and service is None:
        raise MeetingError(_("Choose the municipal service that carries out the decision."))
    if owner_kind == DecisionOwner.ORGANISATIONS and not organisations:
        raise MeetingError(_("Choose at least one organisation that carries out the decision."))


def decision_add(
    *,
    item: AgendaItem,
    by: User,
    kind: str,
    title: str,
    text: str,
    owner_kind: str,
    service: MunicipalService | None,
    organisations: Iterable[Organisation],
    expected_date: dt.date | None,
    themes: Iterable[Theme],
) -> Decision:
    """Record a decision on an agenda item while the minutes of the held meeting are being written."""
    organisations = list(organisations) if owner_kind == DecisionOwner.ORGANISATIONS else []
    _check_owner(owner_kind, service, organisations)
    meeting = item.meeting
    minutes = getattr(meeting, "minutes", None)
    if meeting.status != MeetingStatus.HELD or (
        minutes is not None and minutes.status == MinutesStatus.APPROVED
    ):
        raise MeetingError(_("Decisions are recorded while the minutes of a held meeting are written."))
    decision = Decision(
        agenda_item=item,
        kind=kind,
        title=title.strip(),
        text=text,
        owner_kind=owner_kind,
        owner_service=service if owner_kind == DecisionOwner.SERVICE else None,
        expected_date=expected_date,
    )
    if Decision.objects.filter(agenda_item=item, title=decision.title).exists():
        raise MeetingError(_("This decision is already recorded for this item."))
    clean(decision)
    try:
        with transaction.atomic():
            decision.save()
            decision.owner_organisations.set(organisations)
            decision.themes.set(list(themes))
            DecisionUpdate.objects.create(decision=decision, from_status="", to_status=decision.status, by=by)
    except IntegrityError as exc:  # the same form submitted twice at once
        raise MeetingError(_("This decision is already recorded for this item.")) from exc
    return decision


def decision_remove(*, decision: Decision, by: User) -> None:
    """Withdraw a decision recorded by mistake, until the minutes are approved."""
    if "remove" not in decision.allowed_actions(user=by):
        raise MeetingError(_("A decision of approved minutes cannot be removed."))
    with transaction.atomic():
        decision.updates.all().delete()
        decision.delete()


def decision_update(
    *, decision: Decision, by: User, status: str, note: str, evidence_url: str = ""
) -> DecisionUpdate:
    """Post a progress update: the new status, a note (required to drop it) and optional evidence."""
    note = note.strip()
    if status == DecisionStatus.DROPPED and not note:
        raise MeetingError(_("Say why the decision is dropped."))
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("agenda_item__meeting__minutes", "owner_service")
            .get(pk=decision.pk)
        )
        if "update" not in decision.allowed_actions(user=by):
            raise MeetingError(_("This decision cannot be updated now."))
        last = decision.updates.order_by("-at", "-pk").first()
        if (
            last is not None
            and last.to_status == status
            and last.reason == note
            and last.evidence_url == evidence_url
        ):
            raise MeetingError(_("This update has already been posted."))
        update = DecisionUpdate(
            decision=decision,
            from_status=decision.status,
            to_status=status,
            reason=note,
            evidence_url=evidence_url,
            by=by,
        )
        clean(update)
        update.save()
        if decision.status != status:
            decision.status = status
            decision.save(update_fields=["status", "updated_at"])
    return update


REMIND_DAYS_BEFORE = 14


def _owner_emails(decision: Decision) -> list[str]:
    if decision.owner_kind == DecisionOwner.SERVICE and decision.owner_service is not None:
        emails = [u.email for u in decision.owner_service.referents.filter(is_active=True)]
    elif decision.owner_kind == DecisionOwner.ORGANISATIONS:
        emails = list(
            User.objects.filter(
                is_active=True,
                representations__is_active=True,
                representations__organisation__in=decision.owner_organisations.all(),
            ).values_list("email", flat=True)
        )
    else:
        emails = [settings.TAVOLO_OFFICE_EMAIL]
    return sorted({e for e in emails if e})


def decision_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the owners of open published decisions two weeks before their expected date and once it
    has passed; each reminder once per recipient and expected date (the outbox key deduplicates)."""
    today = today or timezone.localdate()
    due = (
        Decision.objects.filter(
            agenda_item__meeting__minutes__status=MinutesStatus.APPROVED,
            status__in=(DecisionStatus.PLANNED, DecisionStatus.IN_PROGRESS),
            expected_date__isnull=False,
            expected_date__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        )
        .select_related("owner_service", "agenda_item__meeting")
        .order_by("expected_date", "pk")
    )
    queued = 0
    for decision in due:
        overdue = decision.expected_date < today
        which = "overdue" if overdue else "before"
        subject = (_("Decision overdue: %(title)s") if overdue else _("Decision due soon: %(title)s")) % {
            "title": decision.title
        }
        for email in _owner_emails(decision):
            message = email_enqueue(
                to=email,
                subject=subject,
                template="meetings/emails/decision_reminder",
                context={
                    "decision": decision,
                    "overdue": overdue,
                    "decision_url": f"{settings.SITE_URL}{decision.get_absolute_url()}",
                },
                dedup_key=f"decision:{decision.pk}:reminder:{which}:{decision.expected_date}:{email}",
            )
            queued += message is not None
    return queued
