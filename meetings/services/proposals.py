"""Topics proposed by members and the welfare office's decisions on them."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue
from core.notifications import NotifyEmail, notify
from meetings import email_kinds
from meetings.errors import MeetingError
from meetings.models import AgendaItem, Meeting, ProposalStatus, TopicProposal, TopicProposalEvent
from meetings.services._common import clean
from meetings.services.agenda import agenda_item_add, agenda_item_route
from members import selectors as member_selectors
from members.models import Organisation, Theme, User


def proposal_submit(
    *, organisation: Organisation, by: User, title: str, description: str, themes: Iterable[Theme]
) -> TopicProposal:
    """A representative proposes a topic for a future agenda."""
    themes = list(themes)
    if not themes:
        raise MeetingError(_("Choose at least one theme."))
    proposal = TopicProposal(organisation=organisation, proposer=by, title=title, description=description)
    clean(proposal)
    with transaction.atomic():
        proposal.save()
        proposal.themes.set(themes)
        TopicProposalEvent.objects.create(
            proposal=proposal, from_status="", to_status=ProposalStatus.SUBMITTED, by=by
        )
        _tell_office_of_proposal(proposal)
    return proposal


def _tell_office_of_proposal(proposal: TopicProposal) -> None:
    path = reverse("meetings:proposals")
    with translation.override(settings.LANGUAGE_CODE):
        values = {"organisation": proposal.organisation.name, "title": proposal.title}
        text = _("New topic proposal from %(organisation)s: “%(title)s”") % values
        subject = _("New topic proposal: %(title)s") % values
    notify(
        recipients=member_selectors.office_staff(),
        kind=email_kinds.OFFICE_TOPIC_PROPOSAL,
        text=text,
        url=path,
        key=f"proposal:{proposal.pk}:submitted",
        email=NotifyEmail(
            subject=subject,
            template="meetings/emails/office_topic_proposal",
            context={"proposal": proposal, "url": f"{settings.SITE_URL}{path}"},
        ),
    )


def _decide(
    proposal: TopicProposal, to: str, *, by: User, reason: str, item: AgendaItem | None = None
) -> None:
    event = TopicProposalEvent.objects.create(
        proposal=proposal, from_status=proposal.status, to_status=to, by=by, reason=reason
    )
    proposal.status = to
    proposal.decision_reason = reason
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    if item is not None:
        proposal.agenda_item = item
    proposal.save()
    if proposal.proposer and proposal.proposer.email:
        email_enqueue(
            to=proposal.proposer.email,
            subject=_("Your topic proposal: %(title)s") % {"title": proposal.title},
            template="meetings/emails/proposal_decided",
            context={
                "proposal": proposal,
                "status_label": proposal.get_status_display(),
                "item": item,
                "meeting_url": f"{settings.SITE_URL}{item.meeting.get_absolute_url()}" if item else "",
                "proposals_url": f"{settings.SITE_URL}{reverse('meetings:my_proposals')}",
            },
            dedup_key=f"proposal:{proposal.pk}:event:{event.pk}",
            kind=email_kinds.PROPOSAL,
            recipient=proposal.proposer,
        )


def _locked_undecided(proposal: TopicProposal) -> TopicProposal:
    proposal = (
        TopicProposal.objects.select_for_update(of=("self",)).select_related("proposer").get(pk=proposal.pk)
    )
    if not proposal.allowed_actions(manager=True):
        raise MeetingError(_("A decision has already been taken on this proposal."))
    return proposal


def proposal_accept(*, proposal: TopicProposal, meeting: Meeting, by: User, reason: str = "") -> AgendaItem:
    """Put the proposal on a meeting's agenda and route it to the competent services."""
    with transaction.atomic():
        proposal = _locked_undecided(proposal)
        item = agenda_item_add(
            meeting=meeting,
            by=by,
            title=proposal.title,
            description=proposal.description,
            themes=proposal.themes.all(),
            proposer_organisation=proposal.organisation,
            proposer_user=proposal.proposer,
        )
        agenda_item_route(item=item, by=by)
        _decide(proposal, ProposalStatus.ACCEPTED, by=by, reason=reason, item=item)
    return item


def proposal_merge(*, proposal: TopicProposal, item: AgendaItem, by: User, reason: str = "") -> TopicProposal:
    """Join the proposal to an item already on an agenda."""
    if "edit_agenda" not in item.meeting.allowed_actions(manager=True):
        raise MeetingError(_("The agenda can be changed only before the meeting is held."))
    with transaction.atomic():
        proposal = _locked_undecided(proposal)
        _decide(proposal, ProposalStatus.MERGED, by=by, reason=reason, item=item)
    return proposal


def proposal_defer(*, proposal: TopicProposal, by: User, reason: str = "") -> TopicProposal:
    """Keep the proposal for a later agenda: it stays in the list of proposals to place."""
    with transaction.atomic():
        proposal = _locked_undecided(proposal)
        if "defer" not in proposal.allowed_actions(manager=True):
            raise MeetingError(_("The proposal is already deferred."))
        _decide(proposal, ProposalStatus.DEFERRED, by=by, reason=reason)
    return proposal


def proposal_decline(*, proposal: TopicProposal, by: User, reason: str) -> TopicProposal:
    """Decline the proposal, saying why."""
    if not reason.strip():
        raise MeetingError(_("Say why the proposal is declined: the proposer will read it."))
    with transaction.atomic():
        proposal = _locked_undecided(proposal)
        _decide(proposal, ProposalStatus.DECLINED, by=by, reason=reason)
    return proposal
