"""Decisions recorded in the minutes and the progress updates their owners post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
