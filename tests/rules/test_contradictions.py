"""The four contradictions of issue 12, walked through the pages: each page, button, service and
e-mail gives the same answer because each asks the same rule."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import AttendanceReply, TopicProposal
from members.models import OrganisationStatus
from tests.factories import (
    AgendaItemFactory,
    LessonFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
)
from training.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def _people_post(organisation, first, last, email):
    return {
        "organisation": organisation.pk,
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-first_name": first,
        "people-0-last_name": last,
        "people-0-email": email,
    }


# (a) a registration window that closed yesterday is closed on the badge, the button and the service


def test_training_whose_window_closed_yesterday_is_closed_everywhere(org_rep_client, org_rep):
    organisation = org_rep.representations.get().organisation
    now = timezone.now()
    session = TrainingSessionFactory(
        title="Progettare con il Terzo Settore",
        registration_opens_at=now - dt.timedelta(days=10),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    page = html.unescape(org_rep_client.get(session.get_absolute_url()).content.decode())
    assert "Iscrizioni aperte" not in page
    assert "Iscrizioni chiuse" in page
    assert "Le iscrizioni non sono aperte." in page
    assert reverse("training:register_people", args=[session.pk]) not in page
    assert ">Iscrivi<" not in page

    listing = html.unescape(org_rep_client.get(reverse("training:list")).content.decode())
    assert "Iscrizioni aperte" not in listing

    response = org_rep_client.post(
        reverse("training:register_people", args=[session.pk]),
        _people_post(organisation, "Anna", "Rossi", "anna@example.org"),
        follow=True,
    )
    assert "Le iscrizioni a questo corso non sono aperte." in html.unescape(response.content.decode())
    assert not Registration.objects.filter(email="anna@example.org").exists()


# (b) invitations follow membership


def test_newly_approved_organisation_is_invited_to_the_upcoming_meeting_and_can_answer(
    client, staff_client, staff, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=12)
    meeting = MeetingFactory(title="Plenaria d'autunno", starts_at=start)
    AgendaItemFactory(meeting=meeting, title="Povertà educativa")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_convene(meeting=meeting, by=staff)
    past = MeetingFactory(
        title="Plenaria di primavera", starts_at=timezone.now() - dt.timedelta(days=3), status="held"
    )

    newcomer = OrganisationFactory(name="Cooperativa Nuova Alba", status=OrganisationStatus.PENDING)
    rep = RepresentativeFactory(organisation=newcomer, user__email="alba@example.org").user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("members:staff_transition", args=[newcomer.pk, "approve"]), {"reason": ""}
        )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.status == OrganisationStatus.ACTIVE

    convocations = [m for m in mail.outbox if m.subject.endswith("Convocazione: Plenaria d'autunno")]
    assert [m.to for m in convocations] == [["alba@example.org"]]
    assert not any("Plenaria di primavera" in m.subject for m in mail.outbox)

    client.force_login(rep)
    dashboard = html.unescape(client.get("/area-riservata/").content.decode())
    assert "Plenaria d'autunno" in dashboard and "non hai ancora risposto" in dashboard
    detail = html.unescape(client.get(meeting.get_absolute_url()).content.decode())
    assert "La tua risposta" in detail and "Invia la risposta" in detail
    client.post(reverse("meetings:reply", args=[meeting.pk]), {"status": "present", "attendee_names": "Ada"})
    assert AttendanceReply.objects.get(meeting=meeting).organisation == newcomer
    assert not past.invitations.filter(organisation=newcomer).exists()


def test_dashboard_does_not_ask_an_answer_of_an_organisation_that_was_not_invited(
    org_rep_client, org_rep, staff
):
    organisation = org_rep.representations.get().organisation
    meeting = MeetingFactory(title="Gruppo di lavoro anziani", status="convened")
    assert not meeting.invitations.filter(organisation=organisation).exists()
    dashboard = html.unescape(org_rep_client.get("/area-riservata/").content.decode())
    assert "non hai ancora risposto" not in dashboard
    detail = html.unescape(org_rep_client.get(meeting.get_absolute_url()).content.decode())
    assert "Invia la risposta" not in detail


# (c) a person who represents two organisations acts for the one they chose


def test_person_representing_two_organisations_switches_and_acts_for_the_second(
    client, staff, django_capture_on_commit_callbacks
):
    first = OrganisationFactory(name="Auser Cervia")
    second = OrganisationFactory(name="Pubblica Assistenza Cervia")
    person = RepresentativeFactory(organisation=first, user__email="doppio@example.org").user
    RepresentativeFactory(organisation=second, user=person, is_primary=False)
    meeting = MeetingFactory(title="Plenaria di dicembre")
    AgendaItemFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_convene(meeting=meeting, by=staff)
    client.force_login(person)

    dashboard = html.unescape(client.get("/area-riservata/").content.decode())
    assert "Stai agendo per" in dashboard
    assert "Pubblica Assistenza Cervia" in dashboard

    response = client.post(reverse("members:act_for"), {"organisation": second.pk}, follow=True)
    assert "Ora agisci per Pubblica Assistenza Cervia." in html.unescape(response.content.decode())

    client.post(reverse("meetings:reply", args=[meeting.pk]), {"status": "absent"})
    assert [r.organisation.name for r in AttendanceReply.objects.all()] == ["Pubblica Assistenza Cervia"]

    theme = first.themes.model.objects.get(slug="casa")
    client.post(
        "/area-riservata/proposte/nuova/",
        {"title": "Emergenza abitativa", "description": "Sfratti in aumento.", "themes": [theme.pk]},
    )
    assert [p.organisation.name for p in TopicProposal.objects.all()] == ["Pubblica Assistenza Cervia"]

    # back to the first one: the same pages now act for it
    client.post(reverse("members:act_for"), {"organisation": first.pk})
    client.post(reverse("meetings:reply", args=[meeting.pk]), {"status": "present", "attendee_names": "Ugo"})
    assert sorted(r.organisation.name for r in AttendanceReply.objects.all()) == [
        "Auser Cervia",
        "Pubblica Assistenza Cervia",
    ]


def test_switching_to_an_organisation_one_does_not_represent_is_refused(client, other_org_rep):
    person = RepresentativeFactory(organisation__name="Auser Cervia").user
    foreign = other_org_rep.representations.get().organisation
    client.force_login(person)
    response = client.post(reverse("members:act_for"), {"organisation": foreign.pk})
    assert response.status_code == 404
    assert client.get(reverse("members:act_for")).status_code == 405


# (d) the "Annulla" button is shown exactly when the service allows the cancellation


CANCEL_BUTTON = 'Annulla<span class="visually-hidden"> l\'iscrizione di Carla Bianchi</span>'


def _registration_with_first_lesson_at(organisation, starts_at):
    session = TrainingSessionFactory(lessons=0, status="closed")
    LessonFactory(session=session, starts_at=starts_at)
    return RegistrationFactory(
        session=session, organisation=organisation, first_name="Carla", last_name="Bianchi"
    )


def test_cancel_button_before_the_first_lesson_and_the_cancellation_works(org_rep_client, org_rep):
    organisation = org_rep.representations.get().organisation
    registration = _registration_with_first_lesson_at(organisation, timezone.now() + dt.timedelta(hours=2))
    page = html.unescape(org_rep_client.get(reverse("training:my_registrations")).content.decode())
    assert CANCEL_BUTTON in page
    participant = html.unescape(org_rep_client.get(registration.get_participant_url()).content.decode())
    assert "Annulla l'iscrizione" in participant
    response = org_rep_client.post(
        reverse("training:registration_cancel", args=[registration.pk]), follow=True
    )
    assert "L'iscrizione di Carla Bianchi è stata annullata." in html.unescape(response.content.decode())
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_no_cancel_button_once_the_first_lesson_started_and_the_cancellation_is_refused(
    org_rep_client, org_rep
):
    organisation = org_rep.representations.get().organisation
    registration = _registration_with_first_lesson_at(organisation, timezone.now() - dt.timedelta(hours=1))
    page = html.unescape(org_rep_client.get(reverse("training:my_registrations")).content.decode())
    assert "Carla Bianchi" in page
    assert CANCEL_BUTTON not in page
    participant = html.unescape(org_rep_client.get(registration.get_participant_url()).content.decode())
    assert "Annulla l'iscrizione" not in participant
    response = org_rep_client.post(
        reverse("training:registration_cancel", args=[registration.pk]), follow=True
    )
    assert "Il corso è già iniziato: l'iscrizione non può più essere annullata." in (
        html.unescape(response.content.decode())
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    response = org_rep_client.post(
        reverse("training:participant_cancel", args=[registration.token]), follow=True
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
