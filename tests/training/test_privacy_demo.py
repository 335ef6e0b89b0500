"""Privacy export/erasure keeps the counts; the demo data are idempotent."""

from __future__ import annotations

import io
import json

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
