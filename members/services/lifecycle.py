"""An organisation's membership lifecycle: a table of allowed transitions, each written as a history row.

Every status change goes through `organisation_transition`, which checks the table (source status and
who may act), updates the organisation, writes a MembershipEvent and e-mails its representatives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.notifications import notify
from core.providers import providers
from members import email_kinds, roles
from members.models import MembershipEvent, Organisation, User
from members.models import OrganisationStatus as S
from members.selectors import office_staff, organisations_acted_for
from members.services.errors import MembershipError
from members.services.notify import absolute, notify_staff, notify_status_change


class Actor(StrEnum):
    STAFF = "staff"  # Presidenza or Segreteria
    REPRESENTATIVE = "representative"  # an active representative of the organisation
    APPLICANT = "applicant"  # whoever fills in the join form


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[Actor]
    reason_required: bool = False
    label: object = ""


def _t(name, sources, target, actors, *, reason_required=False, label=""):
    return Transition(name, frozenset(sources), target, frozenset(actors), reason_required, label)


# "" is the status of an organisation that does not exist yet.
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("submit", [""], S.PENDING, [Actor.APPLICANT], label=_("Application submitted")),
        _t(
            "request_info",
            [S.PENDING],
            S.NEEDS_INFO,
            [Actor.STAFF],
            reason_required=True,
            label=_("Request more information"),
        ),
        _t(
            "resubmit",
            [S.NEEDS_INFO],
            S.PENDING,
            [Actor.REPRESENTATIVE, Actor.STAFF],
            label=_("Send the information requested"),
        ),
        _t("approve", [S.PENDING, S.NEEDS_INFO], S.ACTIVE, [Actor.STAFF], label=_("Approve")),
        _t(
            "reject",
            [S.PENDING, S.NEEDS_INFO],
            S.REJECTED,
            [Actor.STAFF],
            reason_required=True,
            label=_("Reject"),
        ),
        _t("suspend", [S.ACTIVE], S.SUSPENDED, [Actor.STAFF], reason_required=True, label=_("Suspend")),
        _t("reinstate", [S.SUSPENDED], S.ACTIVE, [Actor.STAFF], label=_("Reinstate")),
        _t(
            "withdraw",
            [S.ACTIVE, S.SUSPENDED],
            S.WITHDRAWN,
            [Actor.REPRESENTATIVE, Actor.STAFF],
            label=_("Withdraw from the table"),
        ),
        _t(
            "rejoin",
            [S.WITHDRAWN, S.REJECTED],
            S.PENDING,
            [Actor.REPRESENTATIVE, Actor.STAFF],
            label=_("Apply again"),
        ),
    ]
}


def actor_kinds(user: User | None, organisation: Organisation | None) -> set[Actor]:
    """In which capacities the user may act on this organisation."""
    kinds: set[Actor] = set()
    if user is None or not user.is_authenticated:
        return kinds
    if roles.can(user, "manage_members"):
        kinds.add(Actor.STAFF)
    if organisation is not None and any(
        acting.organisation.pk == organisation.pk for acting in organisations_acted_for(user)
    ):
        kinds.add(Actor.REPRESENTATIVE)
    return kinds


def allowed_transitions(organisation: Organisation, user: User) -> list[Transition]:
    """The transitions this user may apply now, in the table's order (for buttons)."""
    kinds = actor_kinds(user, organisation)
    return [t for t in TRANSITIONS.values() if organisation.status in t.sources and t.actors & kinds]


def _current_status(organisation: Organisation) -> str:
    # A saved organisation without history is a new application (the join form saves it first).
    if not organisation.pk or not organisation.events.exists():
        return ""
    return organisation.status


def _check(
    transition: Transition, current: str, organisation: Organisation, kinds: set[Actor], reason: str
) -> None:
    if current not in transition.sources:
        raise MembershipError(
            _("This action is not possible while the organisation is “%(status)s”.")
            % {"status": organisation.get_status_display() if current else gettext("new")}
        )
    if not transition.actors & kinds:
        raise MembershipError(_("You are not allowed to do this for this organisation."))
    if transition.reason_required and not reason.strip():
        raise MembershipError(_("Please give a reason."), field="reason")


@transaction.atomic
def organisation_transition(
    *,
    organisation: Organisation,
    name: str,
    by: User | None,
    reason: str = "",
    at: dt.datetime | None = None,
    as_actor: Actor | None = None,
    notify: bool = True,
) -> MembershipEvent:
    """Apply one transition of the table: check it, change the status, write the history row, notify."""
    try:
        transition = TRANSITIONS[name]
    except KeyError:
        raise MembershipError(_("Unknown action.")) from None
    if not organisation.pk:
        raise MembershipError(_("The organisation must be saved before its history starts."))
    caller_copy = organisation
    # Lock the row: two staff clicking "approve" at once must not write two events.
    organisation = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
    kinds = {as_actor} if as_actor is not None else actor_kinds(by, organisation)
    reason = (reason or "").strip()
    from_status = _current_status(organisation) if name == "submit" else organisation.status
    _check(transition, from_status, organisation, kinds, reason)
    at = at or timezone.now()
    organisation.status = transition.target
    if transition.name == "approve":
        organisation.joined_on = timezone.localdate(at)
    organisation.full_clean(exclude=["sectors", "themes"])
    organisation.save()
    event = MembershipEvent(
        organisation=organisation,
        from_status=from_status,
        to_status=transition.target,
        at=at,
        by=by if by is not None and by.is_authenticated else None,
        reason=reason,
    )
    event.full_clean()
    event.save()
    caller_copy.status, caller_copy.joined_on = organisation.status, organisation.joined_on
    if transition.target == S.ACTIVE:
        # Higher apps follow membership (e.g. meetings invites the new member to meetings ahead).
        for became_member in providers("became_member"):
            became_member(organisation)
    elif from_status == S.ACTIVE:
        # Suspended or withdrawn: higher apps release what only members hold (e.g. training places).
        for left_membership in providers("left_membership"):
            left_membership(organisation)
    if notify:
        notify_status_change(event)
        if transition.target == S.PENDING and transition.name != "submit":
            _notify_staff_waiting(organisation, event)
    return event


def _notify_staff_waiting(organisation: Organisation, event: MembershipEvent) -> None:
    path = reverse("members:staff_detail", args=[organisation.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Application to review: %(organisation)s") % {"organisation": organisation.name}
        text = gettext("New membership application to review: %(organisation)s") % {
            "organisation": organisation.name
        }
    notify_staff(
        subject=subject,
        template="members/emails/application_waiting",
        context={"organisation": organisation, "event": event, "url": absolute(path)},
        key=f"org-{organisation.pk}-event-{event.pk}",
        kind=email_kinds.OFFICE_APPLICATION,
    )
    # The e-mail above already reaches the office: the notification flags it on its dashboard.
    notify(
        recipients=office_staff(),
        kind=email_kinds.OFFICE_APPLICATION,
        text=text,
        url=path,
        key=f"org-{organisation.pk}-event-{event.pk}",
    )


def organisation_submit(
    *, organisation: Organisation, by: User | None, at: dt.datetime | None = None, notify: bool = True
) -> MembershipEvent:
    """First row of a new organisation's history (created pending); staff are told."""
    event = organisation_transition(
        organisation=organisation, name="submit", by=by, at=at, as_actor=Actor.APPLICANT, notify=notify
    )
    if notify:
        _notify_staff_waiting(organisation, event)
    return event


def organisation_request_info(*, organisation: Organisation, by: User, reason: str, **kw) -> MembershipEvent:
    """Staff ask the applicant for more information (the message is the reason)."""
    return organisation_transition(organisation=organisation, name="request_info", by=by, reason=reason, **kw)


def organisation_resubmit(*, organisation: Organisation, by: User, reason: str = "", **kw) -> MembershipEvent:
    """The applicant answers a request for information: the application waits again."""
    return organisation_transition(organisation=organisation, name="resubmit", by=by, reason=reason, **kw)


def organisation_approve(*, organisation: Organisation, by: User, reason: str = "", **kw) -> MembershipEvent:
    """Staff accept the application: the join date is the approval date."""
    return organisation_transition(organisation=organisation, name="approve", by=by, reason=reason, **kw)


def organisation_reject(*, organisation: Organisation, by: User, reason: str, **kw) -> MembershipEvent:
    """Staff refuse the application, with a reason."""
    return organisation_transition(organisation=organisation, name="reject", by=by, reason=reason, **kw)


def organisation_suspend(*, organisation: Organisation, by: User, reason: str, **kw) -> MembershipEvent:
    """Staff suspend a member, with a reason."""
    return organisation_transition(organisation=organisation, name="suspend", by=by, reason=reason, **kw)


def organisation_reinstate(
    *, organisation: Organisation, by: User, reason: str = "", **kw
) -> MembershipEvent:
    """Staff lift a suspension."""
    return organisation_transition(organisation=organisation, name="reinstate", by=by, reason=reason, **kw)


def organisation_withdraw(*, organisation: Organisation, by: User, reason: str = "", **kw) -> MembershipEvent:
    """Withdrawal (recesso), by the organisation's representative or by staff."""
    return organisation_transition(organisation=organisation, name="withdraw", by=by, reason=reason, **kw)


def organisation_rejoin(*, organisation: Organisation, by: User, reason: str = "", **kw) -> MembershipEvent:
    """A withdrawn or rejected organisation applies again: same row, the old history is kept."""
    return organisation_transition(organisation=organisation, name="rejoin", by=by, reason=reason, **kw)
