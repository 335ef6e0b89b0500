"""The portal-wide actions of meetings, added to members.roles.can (settings.TAVOLO_PROVIDERS)."""

from __future__ import annotations

from members import roles

ACTIONS = {
    "manage_meetings": roles.is_table_staff,
    "answer_routings": roles.is_service_referent,
    "propose_topics": roles.is_representative,
}
