"""Who may see and do what in the meetings app: the one place views ask.

Outsiders get 404 (they must not learn that an object exists); people who may see a meeting but not
change it get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from meetings import selectors
from meetings.models import (
    AgendaItem,
    Attachment,
    Decision,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Routing,
    TopicProposal,
)
from members import roles
from members import selectors as member_selectors
from members.models import Organisation, User


def can_manage(user: User) -> bool:
    return roles.can(user, "manage_meetings")


def require_manager(user: User) -> None:
    roles.require(user, "manage_meetings")


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> Meeting:
    """A meeting the user may see (404 otherwise); with write=True, 403 unless the user manages meetings."""
    if write:
        require_manager(user)  # first: a staff page refuses the role, whichever meeting it names
    meeting = selectors.visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def get_item_for_manager(user: User, meeting: Meeting, pk: int) -> AgendaItem:
    require_manager(user)
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).select_related("meeting").first()
    if item is None:
        raise Http404
    return item


def require_routings_reader(user: User) -> None:
    """The routings pages are for service referents and staff: other signed-in roles get 403."""
    if not (can_manage(user) or roles.can(user, "answer_routings")):
        raise PermissionDenied  # a referents' page: other roles are refused, not told it is missing


def get_routing_for_user(user: User, pk: int) -> Routing:
    """A routing for its service's referents and for staff; other referents 404, other roles 403."""
    require_routings_reader(user)
    qs = Routing.objects.select_related("agenda_item__meeting", "service", "referent")
    if not can_manage(user):
        qs = qs.filter(service__referents=user)
    routing = qs.filter(pk=pk).first()
    if routing is None:
        raise Http404
    return routing


def get_routing_for_manager(user: User, pk: int) -> Routing:
    """A routing for the office to change (403 for other roles, 404 when it does not exist)."""
    require_manager(user)
    routing = (
        Routing.objects.select_related("agenda_item__meeting", "service", "referent").filter(pk=pk).first()
    )
    if routing is None:
        raise Http404
    return routing


def can_answer_routing(user: User, routing: Routing) -> bool:
    return routing.service.referents.filter(pk=user.pk).exists()


def get_proposal_for_manager(user: User, pk: int) -> TopicProposal:
    require_manager(user)
    proposal = TopicProposal.objects.select_related("organisation", "proposer").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def acting_organisation(request: HttpRequest) -> Organisation:
    """The member organisation the signed-in representative acts for now (see the switcher);
    403 for anyone who acts for none."""
    organisation = member_selectors.current_organisation(request, members_only=True)
    if organisation is None or not roles.can(request.user, "propose_topics"):
        raise PermissionDenied
    return organisation


def contributions_visible(user: User, meeting: Meeting) -> bool:
    """Services' contributions: members, referents and staff; everyone once public minutes are approved."""
    if selectors.is_member_viewer(user):
        return True
    return meeting.is_public and meeting.status == MeetingStatus.MINUTES_APPROVED


def minutes_visible(user: User, meeting: Meeting, minutes: Minutes | None) -> bool:
    """Approved minutes: members, and everyone for public meetings; drafts: staff; open drafts: members."""
    if minutes is None:
        return False
    if can_manage(user):
        return True
    if minutes.status == MinutesStatus.APPROVED:
        return meeting.is_public or selectors.is_member_viewer(user)
    if minutes.status == MinutesStatus.OPEN_FOR_COMMENTS:
        return selectors.is_member_viewer(user)
    return False


def get_attachment_for_user(user: User, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("minutes__meeting").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    meeting = attachment.minutes.meeting
    if not selectors.visible_meetings(user).filter(pk=meeting.pk).exists():
        raise Http404
    if not minutes_visible(user, meeting, attachment.minutes):
        raise Http404
    return attachment


def get_decision_for_user(user: User, pk: int) -> Decision:
    """A decision the user may open: published ones for everyone who sees the meeting, drafts for the
    office; 404 otherwise."""
    decision = selectors.visible_decisions(user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def get_decision_for_owner(user: User, pk: int) -> Decision:
    """A published decision the user carries out (404 if unseen, 403 for a signed-in non-owner)."""
    decision = get_decision_for_user(user, pk)
    if not decision.is_published:
        raise Http404
    if not decision.is_owned_by(user):
        raise PermissionDenied
    return decision


def get_decision_for_manager(user: User, meeting: Meeting, pk: int) -> Decision:
    require_manager(user)
    decision = Decision.objects.filter(agenda_item__meeting=meeting, pk=pk).first()
    if decision is None:
        raise Http404
    return decision
