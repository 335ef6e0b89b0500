"""Personal data held by the training app about one person, and their erasure.

A person appears as a participant (registrations under their e-mail address) and, for
representatives, as the one who registered others. Erasure replaces names and addresses but keeps
the rows, so that sessions' participant counts, attendance and the annual report do not change.
"""

from __future__ import annotations

from django.db import transaction

from members.models import User
from training.models import Feedback, Registration


def _own(user: User):
    return Registration.objects.filter(email__iexact=user.email)


def personal_data(user: User) -> dict:
    registrations = (
        _own(user).select_related("session", "organisation", "certificate", "feedback").order_by("created_at")
    )
    own = []
    for r in registrations:
        certificate = getattr(r, "certificate", None)
        feedback = getattr(r, "feedback", None)
        own.append(
            {
                "session": r.session.title,
                "first_name": r.first_name,
                "last_name": r.last_name,
                "email": r.email,
                "role": r.role,
                "organisation": r.organisation_label,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
                "attendance": [
                    {"lesson_start": a.lesson.starts_at.isoformat(), "present": a.present}
                    for a in r.attendances.select_related("lesson").order_by("lesson__starts_at")
                ],
                "certificate": {
                    "code": certificate.code,
                    "issued_at": certificate.issued_at.isoformat(),
                    "hours_attended": float(certificate.hours_attended),
                }
                if certificate
                else None,
                "feedback": {"rating": feedback.rating, "comment": feedback.comment} if feedback else None,
            }
        )
    made = (
        Registration.objects.filter(registered_by=user)
        .exclude(email__iexact=user.email)
        .select_related("session")
        .order_by("created_at")
    )
    return {
        "training_registrations": own,
        "training_registrations_made_for_others": [
            {"session": r.session.title, "registered_at": r.created_at.isoformat()} for r in made
        ],
    }


@transaction.atomic
def anonymise(user: User) -> None:
    registrations = list(_own(user).select_for_update())
    Feedback.objects.filter(registration__in=registrations).update(comment="")
    for registration in registrations:
        registration.first_name = "Partecipante"
        registration.last_name = "anonimo"
        registration.email = f"anonimo-{registration.pk}@anonimo.invalid"
        registration.role = ""
        registration.save(update_fields=["first_name", "last_name", "email", "role", "updated_at"])
    Registration.objects.filter(registered_by=user).update(registered_by=None)
