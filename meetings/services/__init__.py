"""Writes of the meetings app: each function owns its transaction and records its history rows."""

from meetings.services.agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_route,
    agenda_item_update,
    competent_services,
    routing_add_service,
    routing_remove_service,
    routing_update,
)
from meetings.services.attendance import attendance_record, attendance_reply
from meetings.services.decisions import (
    decision_add,
    decision_reminders_send,
    decision_remove,
    decision_update,
)
from meetings.services.meetings import (
    invitations_for_new_member,
    meeting_cancel,
    meeting_convene,
    meeting_create,
    meeting_mark_held,
    meeting_update,
)
from meetings.services.minutes import (
    attachment_add,
    minutes_approve,
    minutes_close_comments,
    minutes_comment_add,
    minutes_open_for_comments,
    minutes_save,
)
from meetings.services.proposals import (
    proposal_accept,
    proposal_decline,
    proposal_defer,
    proposal_merge,
    proposal_submit,
)
from meetings.services.routings import routing_reminders_send, routing_set_due_date

__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_route",
    "agenda_item_update",
    "attachment_add",
    "attendance_record",
    "attendance_reply",
    "competent_services",
    "decision_add",
    "decision_reminders_send",
    "decision_remove",
    "decision_update",
    "invitations_for_new_member",
    "meeting_cancel",
    "meeting_convene",
    "meeting_create",
    "meeting_mark_held",
    "meeting_update",
    "minutes_approve",
    "minutes_close_comments",
    "minutes_comment_add",
    "minutes_open_for_comments",
    "minutes_save",
    "proposal_accept",
    "proposal_decline",
    "proposal_defer",
    "proposal_merge",
    "proposal_submit",
    "routing_add_service",
    "routing_reminders_send",
    "routing_remove_service",
    "routing_set_due_date",
    "routing_update",
]
