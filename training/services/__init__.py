"""Writes of the training app. Every service is keyword-only, owns its transaction, writes history
rows and raises TrainingError with a message for the user."""

from training.services.attendance import (
    attendance_record,
    certificates_issue,
    feedback_submit,
    hours_attended,
    is_eligible,
    reminders_send,
)
from training.services.common import Person, TrainingError
from training.services.registrations import (
    organisation_may_register,
    registration_cancel,
    registration_create,
    registration_create_public,
    registration_verify,
    registrations_release_for_organisation,
    waiting_position,
)
from training.services.sessions import (
    lesson_delete,
    lesson_save,
    session_create,
    session_set_status,
    session_update,
)

__all__ = [
    "Person",
    "TrainingError",
    "attendance_record",
    "certificates_issue",
    "feedback_submit",
    "hours_attended",
    "is_eligible",
    "lesson_delete",
    "lesson_save",
    "organisation_may_register",
    "registration_cancel",
    "registration_create",
    "registration_create_public",
    "registration_verify",
    "registrations_release_for_organisation",
    "reminders_send",
    "session_create",
    "session_set_status",
    "session_update",
    "waiting_position",
]
