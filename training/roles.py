"""The portal-wide actions of training, added to members.roles.can (settings.TAVOLO_PROVIDERS)."""

from __future__ import annotations

from members import roles

ACTIONS = {
    "manage_training": roles.is_table_staff,
    "register_people": roles.is_representative,
}
