"""The portal-wide actions of reports, added to members.roles.can (settings.TAVOLO_PROVIDERS)."""

from __future__ import annotations

from members import roles

ACTIONS = {
    "manage_reports": roles.is_table_staff,
    "declare_initiatives": roles.is_representative,
}
