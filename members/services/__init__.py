"""Writes of the members app. Each service owns its transaction, writes history and raises MembershipError.

The functions live in submodules by topic; import them from here (`from members import services`).
"""

from __future__ import annotations

from members.services.errors import MembershipError
from members.services.joining import (
    application_submit,
    representation_request_create,
    representation_request_decide,
)
from members.services.lifecycle import (
    TRANSITIONS,
    Actor,
    Transition,
    actor_kinds,
    allowed_transitions,
    organisation_approve,
    organisation_reinstate,
    organisation_reject,
    organisation_rejoin,
    organisation_request_info,
    organisation_resubmit,
    organisation_submit,
    organisation_suspend,
    organisation_transition,
    organisation_withdraw,
)
from members.services.municipal import service_create, service_retire, service_update
from members.services.people import person_profile_update
from members.services.profile import (
    change_request_decide,
    organisation_profile_record,
    organisation_profile_update,
)
from members.services.regulation import (
    regulation_accept,
    regulation_draft_save,
    regulation_publish,
)
from members.services.representatives import (
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_revoke,
    invitation_token,
    invitation_valid_until,
    representative_leave,
    representative_make_primary,
)
from members.services.resources import resource_create, resource_deactivate, resource_update

__all__ = [
    "TRANSITIONS",
    "Actor",
    "MembershipError",
    "Transition",
    "actor_kinds",
    "allowed_transitions",
    "application_submit",
    "change_request_decide",
    "invitation_accept",
    "invitation_create",
    "invitation_from_token",
    "invitation_revoke",
    "invitation_token",
    "invitation_valid_until",
    "organisation_approve",
    "organisation_profile_record",
    "organisation_profile_update",
    "organisation_reinstate",
    "organisation_reject",
    "organisation_rejoin",
    "organisation_request_info",
    "organisation_resubmit",
    "organisation_submit",
    "organisation_suspend",
    "organisation_transition",
    "organisation_withdraw",
    "person_profile_update",
    "regulation_accept",
    "regulation_draft_save",
    "regulation_publish",
    "representation_request_create",
    "representation_request_decide",
    "representative_leave",
    "representative_make_primary",
    "resource_create",
    "resource_deactivate",
    "resource_update",
    "service_create",
    "service_retire",
    "service_update",
]
