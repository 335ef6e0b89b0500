"""The kinds of e-mail and notification of the training app (see core.notifications, docs/rules.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import EmailKind

REGISTRATION = "training_registration"
CERTIFICATE = "training_certificate"
REMINDER = "training_reminder"

KINDS = [
    EmailKind(
        REGISTRATION,
        _("Training registrations: confirmation, waiting list, changes and cancellations"),
        mandatory=True,
    ),
    EmailKind(CERTIFICATE, _("Training certificates"), mandatory=True),
    EmailKind(REMINDER, _("Reminders of the next lessons")),
]
