"""This app's panels in /area-riservata/ (see core.dashboard): a bounded number of queries each."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Panel, key_of, shared_panels
from members import selectors as member_selectors
from members.models import Organisation
from members.roles import can
from training import selectors
from training.models import (
    Lesson,
    LessonAttendance,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)

LIMIT = 10


def _staff_panel() -> Panel:
    now = timezone.now()
    # Listed sliced and counted in SQL: the panel costs the same however many sessions there are.
    open_sessions, open_count = selectors.sessions_open_for_staff(limit=LIMIT)
    waiting, waiting_count = selectors.sessions_with_waiting_list(limit=LIMIT)
    # Sessions with a lesson already started for which no attendance was recorded.
    unrecorded = Lesson.objects.filter(session=OuterRef("pk"), starts_at__lte=now).exclude(
        Exists(LessonAttendance.objects.filter(lesson=OuterRef("pk")))
    )
    to_record = list(
        TrainingSession.objects.filter(
            Exists(unrecorded), status__in=[SessionStatus.OPEN, SessionStatus.CLOSED, SessionStatus.HELD]
        )
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
        )
        .filter(confirmed__gt=0)
        .order_by("pk")[:LIMIT]
    )
    return Panel(
        title=_("Training"),
        template="training/_panel_staff.html",
        context={
            "open_sessions": open_sessions,
            "open_count": open_count,
            "waiting": waiting,
            "waiting_count": waiting_count,
            "to_record": to_record,
        },
        order=40,
    )


def _representative_panel(organisations: list[Organisation]) -> Panel:
    """What concerns the people of these organisations: the same for everyone who acts for them."""
    registrations = list(
        Registration.objects.filter(organisation__in=organisations)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session", "certificate")
        .order_by("-created_at")[:8]
    )
    open_sessions = selectors.open_sessions_kept(organisations, limit=5)
    return Panel(
        title=_("Training for your people"),
        template="training/_panel_representative.html",
        context={"open_sessions": open_sessions.sessions, "registrations": registrations},
        order=45,
        fresh_until=open_sessions.fresh_until,
    )


def panels(request: HttpRequest) -> list[Panel]:
    found: list[Panel] = []
    if can(request.user, "manage_training"):
        # The same for every account that manages training: kept rendered until the data changes.
        found.extend(shared_panels("training-staff", lambda: [_staff_panel()]))
    if can(request.user, "register_people"):
        organisations = member_selectors.representative_organisations(request.user)
        if organisations:
            # Kept rendered per set of organisations (not per person) until the data or the list of open
            # sessions changes.
            key = key_of(organisation.pk for organisation in organisations)
            found.extend(
                shared_panels(
                    f"training-representative:{key}", lambda: [_representative_panel(organisations)]
                )
            )
    return found
