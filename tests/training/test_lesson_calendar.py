"""A training session's lessons as calendar clients read them: confirmation, change, removal, cancellation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import TrainingSessionFactory
from tests.ical_parsers import calendar_of, read_both
from training import services
from training.services import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://tavolo.comune.example.it"
    settings.TAVOLO_REQUIRE_STAFF_MFA = False


def _lesson_form(lesson, *, hours_later: int) -> dict[str, str]:
    start = timezone.localtime(lesson.starts_at) + dt.timedelta(hours=hours_later)
    return {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Biblioteca comunale Maria Goia",
        "online_url": "",
    }


def test_lessons_registered_changed_removed_and_cancelled(
    staff_client, org_rep, rep_org, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(title="Progettare insieme", lessons=2)
    first, second = session.lessons.order_by("starts_at")
    uid_1 = f"training-{session.pk}-lesson-{first.pk}@tavolo.comune.example.it"
    uid_2 = f"training-{session.pk}-lesson-{second.pk}@tavolo.comune.example.it"
    address = "giulia.rossi@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            session=session, people=[Person("Giulia", "Rossi", address)], organisation=rep_org, by=org_rep
        )
    [confirmation] = [m for m in mail.outbox if m.to == [address]]
    assert read_both(calendar_of(confirmation)) == (
        "PUBLISH",
        sorted([(uid_1, 0, "CONFIRMED"), (uid_2, 0, "CONFIRMED")]),
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/area-riservata/formazione/{session.pk}/lezioni/{first.pk}/", _lesson_form(first, hours_later=2)
        )
    assert response.status_code == 302
    [update] = mail.outbox
    assert update.to == [address]
    assert update.subject == "[Tavolo delle Risorse] Modifica al corso: Progettare insieme"
    assert "Biblioteca comunale Maria Goia" in update.body
    assert read_both(calendar_of(update)) == (
        "PUBLISH",
        sorted([(uid_1, 1, "CONFIRMED"), (uid_2, 0, "CONFIRMED")]),
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/area-riservata/formazione/{session.pk}/lezioni/{second.pk}/elimina/")
    [removal] = mail.outbox
    assert "è stata eliminata" in removal.body
    assert read_both(calendar_of(removal)) == (
        "PUBLISH",
        sorted([(uid_1, 1, "CONFIRMED"), (uid_2, 1, "CANCELLED")]),
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/area-riservata/formazione/{session.pk}/stato/",
            {"to_status": "cancelled", "reason": "Formatrice malata", "confirmed": "1"},
        )
    [cancellation] = mail.outbox
    assert cancellation.subject == "[Tavolo delle Risorse] Corso annullato: Progettare insieme"
    assert read_both(calendar_of(cancellation)) == ("PUBLISH", [(uid_1, 2, "CANCELLED")])


def test_a_lesson_saved_twice_unchanged_is_sent_once(
    staff_client, org_rep, rep_org, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(lessons=1)
    lesson = session.lessons.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            session=session,
            people=[Person("Luca", "Bianchi", "luca@example.org")],
            organisation=rep_org,
            by=org_rep,
        )
    mail.outbox.clear()
    form = _lesson_form(lesson, hours_later=1)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(f"/area-riservata/formazione/{session.pk}/lezioni/{lesson.pk}/", form)
    assert [m.to for m in mail.outbox] == [["luca@example.org"]]
    lesson.refresh_from_db()
    assert lesson.ics_sequence == 1
