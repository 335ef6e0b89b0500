"""Meetings, their agenda and routing to municipal services, attendance and minutes."""

from meetings.models.agenda import (
    AgendaItem,
    OverrideAction,
    Routing,
    RoutingOverride,
    RoutingSource,
    RoutingStatus,
    RoutingStatusChange,
)
from meetings.models.decisions import (
    Decision,
    DecisionKind,
    DecisionOwner,
    DecisionStatus,
    DecisionUpdate,
)
from meetings.models.meeting import (
    Attendance,
    AttendanceReply,
    AttendanceState,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MeetingStatusChange,
    ReplyStatus,
    attendance_state,
)
from meetings.models.minutes import Attachment, Minutes, MinutesComment, MinutesStatus, MinutesStatusChange
from meetings.models.proposals import ProposalStatus, TopicProposal, TopicProposalEvent

__all__ = [
    "AgendaItem",
    "Attachment",
    "Attendance",
    "AttendanceReply",
    "AttendanceState",
    "Decision",
    "DecisionKind",
    "DecisionOwner",
    "DecisionStatus",
    "DecisionUpdate",
    "Invitation",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "MeetingStatusChange",
    "Minutes",
    "MinutesComment",
    "MinutesStatus",
    "MinutesStatusChange",
    "OverrideAction",
    "ProposalStatus",
    "ReplyStatus",
    "Routing",
    "RoutingOverride",
    "RoutingSource",
    "RoutingStatus",
    "RoutingStatusChange",
    "TopicProposal",
    "TopicProposalEvent",
    "attendance_state",
]
