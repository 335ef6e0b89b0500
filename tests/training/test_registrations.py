"""Registration: capacity, waiting list in order, promotion on cancel, non-member verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import OrganisationFactory, RegistrationFactory, TrainingSessionFactory
from training import services
from training.models import Audience, Registration, RegistrationEvent, RegistrationStatus, SessionStatus
from training.services import Person, TrainingError

pytestmark = pytest.mark.django_db


def people(*names: str) -> list[Person]:
    return [Person(name, "Rossi", f"{name.lower()}@example.org", "Volontaria") for name in names]


def test_capacity_counts_people_and_the_rest_wait_in_order(
    org_rep, rep_org, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.registration_create(
            session=session,
            people=people("Anna", "Bruno", "Carla", "Dario"),
            organisation=rep_org,
            by=org_rep,
        )

    assert [r.status for r in created] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [services.waiting_position(r) for r in created] == [None, None, 1, 2]
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Iscrizione confermata" in s for s in subjects)
    waiting_mail = next(m for m in mail.outbox if m.to == ["dario@example.org"])
    assert "lista d'attesa" in waiting_mail.body and "posizione 2" in waiting_mail.body
    confirmed_mail = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    ics = [a for a in confirmed_mail.attachments if a[0].endswith(".ics")]
    content = ics[0][1] if isinstance(ics[0][1], str) else ics[0][1].decode()
    assert "BEGIN:VEVENT" in content and f"training-{session.pk}-lesson-" in content
    assert RegistrationEvent.objects.filter(registration__session=session).count() == 4


def test_cancel_frees_the_seat_and_promotes_the_first_waiting_who_is_emailed(
    org_rep, rep_org, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = services.registration_create(
            session=session, people=people("Anna", "Bruno", "Carla"), organisation=rep_org, by=org_rep
        )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, by=org_rep)

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITING and services.waiting_position(third) == 1
    assert [m.to for m in mail.outbox] == [["bruno@example.org"]]
    assert "posto" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert list(second.events.values_list("from_status", "to_status")) == [
        ("", "waiting"),
        ("waiting", "confirmed"),
    ]


def test_cancelling_a_waiting_registration_promotes_nobody(org_rep, rep_org):
    session = TrainingSessionFactory(capacity=1)
    _first, second, third = services.registration_create(
        session=session, people=people("Anna", "Bruno", "Carla"), organisation=rep_org, by=org_rep
    )
    services.registration_cancel(registration=second, by=org_rep)
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITING and services.waiting_position(third) == 1


def test_same_email_twice_is_refused_but_allowed_again_after_cancelling(org_rep, rep_org):
    session = TrainingSessionFactory()
    (anna,) = services.registration_create(
        session=session, people=people("Anna"), organisation=rep_org, by=org_rep
    )
    with pytest.raises(TrainingError, match="già iscritt"):
        services.registration_create(
            session=session,
            people=[Person("Anna", "Rossi", "ANNA@example.org")],
            organisation=rep_org,
            by=org_rep,
        )
    services.registration_cancel(registration=anna, by=org_rep)
    again = services.registration_create(
        session=session, people=people("Anna"), organisation=rep_org, by=org_rep
    )
    assert again[0].status == RegistrationStatus.CONFIRMED


def test_registration_refused_when_closed_or_not_in_the_audience(org_rep, rep_org):
    closed = TrainingSessionFactory(
        registration_closes_at=timezone.now() - dt.timedelta(minutes=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=3),
    )
    with pytest.raises(TrainingError, match="non sono aperte"):
        services.registration_create(session=closed, people=people("Anna"), organisation=rep_org, by=org_rep)
    from tests.factories import theme

    targeted = TrainingSessionFactory(audience=Audience.THEMES)
    targeted.themes.set([theme("anziani")])
    with pytest.raises(TrainingError, match="non è aperto"):
        services.registration_create(
            session=targeted, people=people("Anna"), organisation=rep_org, by=org_rep
        )
    rep_org.themes.add(theme("anziani"))
    assert services.registration_create(
        session=targeted, people=people("Anna"), organisation=rep_org, by=org_rep
    )


def test_non_member_takes_a_seat_only_after_verifying_the_email(django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(capacity=1, audience=Audience.PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.registration_create_public(
            session=session,
            person=Person("Marta", "Neri", "marta@example.org", "Educatrice"),
            organisation_name="Cooperativa Il Faro",
        )
    assert pending.status == RegistrationStatus.PENDING and pending.organisation is None
    assert mail.outbox[-1].to == ["marta@example.org"]
    assert f"/formazione/iscrizione/{pending.token}/conferma/" in mail.outbox[-1].body

    # somebody else verifies first: the seat is theirs
    other = services.registration_create_public(
        session=session, person=Person("Luca", "Bianchi", "luca@example.org")
    )
    services.registration_verify(registration=other)
    services.registration_verify(registration=pending)
    pending.refresh_from_db()
    other.refresh_from_db()
    assert other.status == RegistrationStatus.CONFIRMED
    assert pending.status == RegistrationStatus.WAITING
    # a second click changes nothing
    assert services.registration_verify(registration=pending).status == RegistrationStatus.WAITING


def test_public_form_is_refused_for_member_only_sessions():
    session = TrainingSessionFactory(audience=Audience.MEMBERS)
    with pytest.raises(TrainingError):
        services.registration_create_public(session=session, person=Person("A", "B", "a@example.org"))


def test_more_places_promote_the_waiting_list(staff, org_rep, rep_org):
    session = TrainingSessionFactory(capacity=1)
    services.registration_create(
        session=session, people=people("Anna", "Bruno"), organisation=rep_org, by=org_rep
    )
    services.session_update(session=session, by=staff, capacity=2)
    assert session.registrations.filter(status="confirmed").count() == 2
    with pytest.raises(TrainingError):
        services.session_update(session=session, by=staff, capacity=1)


def test_status_changes_are_history_rows(staff):
    session = services.session_create(
        by=staff,
        title="Corso",
        description="D",
        trainers="T",
        capacity=5,
        registration_opens_at=timezone.now(),
        registration_closes_at=timezone.now() + dt.timedelta(days=5),
        audience=Audience.MEMBERS,
    )
    with pytest.raises(TrainingError, match="almeno una lezione"):
        services.session_set_status(session=session, to_status=SessionStatus.OPEN, by=staff)
    services.lesson_save(
        session=session,
        by=staff,
        starts_at=timezone.now() + dt.timedelta(days=9),
        ends_at=timezone.now() + dt.timedelta(days=9, hours=2),
        place="Sala",
    )
    services.session_set_status(session=session, to_status=SessionStatus.OPEN, by=staff)
    with pytest.raises(TrainingError):
        services.session_set_status(session=session, to_status=SessionStatus.HELD, by=staff)
    assert list(session.status_changes.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "open"),
    ]


def test_cancelling_a_session_tells_its_participants(staff, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(email="pia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_set_status(
            session=registration.session,
            to_status=SessionStatus.CANCELLED,
            by=staff,
            reason="Il formatore non è disponibile.",
        )
    assert mail.outbox[-1].to == ["pia@example.org"] and "annullat" in mail.outbox[-1].subject


def test_capacity_must_be_positive_in_the_database():
    from django.db import IntegrityError, transaction

    session = TrainingSessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(capacity=0)
    assert Registration.objects.count() == 0


def test_organisation_of_another_member_can_register_too(org_rep):
    session = TrainingSessionFactory()
    other = OrganisationFactory()
    assert services.organisation_may_register(organisation=other, session=session)
