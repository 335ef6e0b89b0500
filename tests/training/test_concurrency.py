"""Concurrent registrations for the last places never overbook (PostgreSQL: SELECT ... FOR UPDATE)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.factories import OrganisationFactory, TrainingSessionFactory, UserFactory
from training import services
from training.models import RegistrationStatus
from training.services import Person, TrainingError

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_the_last_places_confirm_exactly_the_capacity():
    session = TrainingSessionFactory(capacity=5)
    organisation = OrganisationFactory()
    user = UserFactory()
    barrier = threading.Barrier(12)
    errors: list[Exception] = []

    def register(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.registration_create(
                session=session,
                people=[Person(f"Persona{n}", "Prova", f"p{n}@example.org")],
                organisation=organisation,
                by=user,
            )
        except (TrainingError, Exception) as exc:  # reported below, never swallowed
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(session.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITING) == 7
    positions = sorted(
        services.waiting_position(r) for r in session.registrations.filter(status=RegistrationStatus.WAITING)
    )
    assert positions == list(range(1, 8))
