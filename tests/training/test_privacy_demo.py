"""Privacy export/erasure keeps the counts; the demo data are idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from tests.factories import RegistrationFactory, UserFactory
from training import privacy, selectors
from training.models import Feedback, Registration, TrainingSession

pytestmark = pytest.mark.django_db


def test_personal_data_and_anonymise_keep_counts():
    user = UserFactory(email="giulia@example.org")
    registration = RegistrationFactory(email="Giulia@example.org", first_name="Giulia", last_name="Casadei")
    Feedback.objects.create(registration=registration, rating=5, comment="Ho imparato molto, Giulia")
    other = RegistrationFactory(session=registration.session, registered_by=user, email="altro@example.org")

    data = privacy.personal_data(user)
    json.dumps(data)
    assert data["training_registrations"][0]["last_name"] == "Casadei"
    assert data["training_registrations"][0]["feedback"]["rating"] == 5
    assert len(data["training_registrations_made_for_others"]) == 1

    privacy.anonymise(user)

    registration.refresh_from_db()
    other.refresh_from_db()
    assert "Casadei" not in (registration.first_name + registration.last_name)
    assert "giulia" not in registration.email.lower()
    assert registration.feedback.comment == "" and registration.feedback.rating == 5
    assert other.registered_by is None
    assert registration.session.registrations.filter(status="confirmed").count() == 2
    assert privacy.personal_data(user)["training_registrations"] == []


def test_demo_seed_is_idempotent_and_has_open_full_and_waiting():
    from training import demo

    demo.seed(stdout=io.StringIO())
    counts = (TrainingSession.objects.count(), Registration.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (TrainingSession.objects.count(), Registration.objects.count()) == counts
    upcoming, past = selectors.public_sessions()
    assert len(past) >= 5 and any(s.seats_left == 0 and s.waiting_count for s in upcoming)
    assert any(s.status == "open" and s.audience == "public" for s in upcoming)
    figures = selectors.year_figures(2026)
    assert figures["sessions"] >= 1 and figures["certificates"] >= 1


ROME = ZoneInfo("Europe/Rome")


@pytest.mark.parametrize(
    ("instant", "food_safety", "shared_administration"),
    [
        # New Year's Eve, 23:59:30 in Rome: the first lesson must be after 14 January 2027, 23:59:30.
        # 9 December 2026 (a Wednesday) + 6 weeks = 20 January 2027; 2 December 2026 + 7 weeks = the same.
        (
            dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=ROME),
            [(2027, 1, 20, 9), (2027, 1, 21, 9)],
            [(2027, 1, 20, 17), (2027, 2, 3, 17), (2027, 3, 3, 17)],
        ),
        # 29 February 2028 at noon: after 14 March 2028, noon. 2 December 2026 + 67 weeks = Wednesday
        # 15 March 2028; the second lesson falls after the change to summer time (26 March) and is
        # still at 17:00 on the wall clock. 9 December 2026 + 66 weeks = 15 March 2028.
        (
            dt.datetime(2028, 2, 29, 12, 0, tzinfo=ROME),
            [(2028, 3, 15, 9), (2028, 3, 16, 9)],
            [(2028, 3, 15, 17), (2028, 3, 29, 17), (2028, 4, 26, 17)],
        ),
    ],
)
def test_demo_open_sessions_are_still_ahead_when_seeded_later(
    monkeypatch, instant, food_safety, shared_administration
):
    """The demo seeded after its written dates still shows an open session and a full one ahead."""
    from django.utils import timezone

    from training import demo

    monkeypatch.setattr(timezone, "now", lambda: instant)
    demo.seed(stdout=io.StringIO())
    upcoming, _ = selectors.public_sessions()
    by_title = {s.title: s for s in upcoming}
    full = by_title["Sicurezza alimentare nelle mense e negli empori solidali"]
    public = by_title["Amministrazione condivisa e patti di collaborazione"]
    for session, expected in ((full, food_safety), (public, shared_administration)):
        starts = [timezone.localtime(lesson.starts_at, ROME) for lesson in session.lessons.all()]
        assert [(s.year, s.month, s.day, s.hour) for s in starts] == expected, session.title
        assert session.registration_is_open(instant), session.title
    assert full.seats_left == 0 and full.waiting_count
    assert public.audience == "public" and public.seats_left > 0
