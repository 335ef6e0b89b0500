"""The e-mails of the table's work, read against the defect list (tests/wording/defects.py).

Two convocations (one agenda item; three items routed to two services), an update and a cancellation
with its reason; minutes sent for comments; topic proposals decided; decision reminders; training
registrations of one and of three people, a waiting list and its promotion, a changed and a cancelled
course, reminders and certificates; initiatives sent back and validated. Each e-mail's subject and every
part (plain text and HTML) must be free of known defects, and each kind of e-mail must have been sent:
the expected subjects below are written by hand.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Decision, DecisionStatus, MeetingStatus, MinutesStatus
from members.models import OrganisationStatus
from reports import services as reports
from tests.factories import (
    AgendaItemFactory,
    InitiativeFactory,
    LessonFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    RegistrationFactory,
    RepresentativeFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    UserFactory,
    theme,
)
from tests.meetings.helpers import past_meeting, with_minutes
from tests.wording.test_pages import defects_in, visible_text
from training import services as training
from training.models import SessionStatus

pytestmark = pytest.mark.django_db


def _texts(message) -> list[str]:
    parts = [message.subject, message.body]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            parts.append(visible_text(content))
    return parts


def _problems(messages) -> list[str]:
    return sorted(
        {
            f"«{m.subject}» to {m.to}: {p}"
            for m in messages
            for text in _texts(m)
            for p in defects_in(str(text))
        }
    )


def _subjects(messages) -> set[str]:
    return {re.sub(r"^\[Tavolo delle Risorse\] ", "", m.subject) for m in messages}


def test_meeting_emails_speak_italian(staff, service_referent, django_capture_on_commit_callbacks):
    rep = RepresentativeFactory(organisation__name="Pineta ODV").user
    OrganisationFactory(name="Nuova Alba APS", status=OrganisationStatus.PENDING, joined_on=None)
    other_service = MunicipalServiceFactory(
        name="Servizi educativi", referents=[UserFactory(email="educativi@example.it")]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        single = MeetingFactory(title="Seduta di gennaio")
        AgendaItemFactory(meeting=single, title="Emergenza abitativa")
        meetings.meeting_convene(meeting=single, by=staff)

        several = MeetingFactory(title="Seduta di febbraio")
        for title, slug in (
            ("Anziani soli", "anziani"),
            ("Doposcuola", "minori-e-famiglie"),
            ("Trasporti", "anziani"),
        ):
            item = AgendaItemFactory(meeting=several, title=title, themes=[theme(slug)])
            for service in (service_referent.municipal_services.first(), other_service):
                meetings.routing_add_service(item=item, by=staff, service=service)
        meetings.meeting_convene(meeting=several, by=staff)
        meetings.meeting_update(meeting=several, by=staff, place="Sala Rossa, Magazzini del Sale, Cervia")
        meetings.meeting_cancel(meeting=single, by=staff, reason="Il Sindaco ha convocato il Consiglio")

        held = past_meeting(organisations=[rep.representations.first().organisation], title="Seduta di marzo")
        minutes = with_minutes(held)
        meetings.minutes_open_for_comments(
            minutes=minutes, by=staff, comments_until=timezone.localdate() + dt.timedelta(days=7)
        )

        proposal = TopicProposalFactory(organisation=rep.representations.first().organisation, proposer=rep)
        meetings.proposal_decline(proposal=proposal, by=staff, reason="Il tema è già in agenda a marzo")
        deferred = TopicProposalFactory(organisation=rep.representations.first().organisation, proposer=rep)
        meetings.proposal_defer(proposal=deferred, by=staff, reason="")

        approved = past_meeting(title="Seduta di dicembre", days_ago=60)
        approved_minutes = with_minutes(approved, status=MinutesStatus.APPROVED)
        item = approved_minutes.meeting.agenda_items.first()
        Decision.objects.create(
            agenda_item=item,
            title="Aprire lo sportello casa",
            owner_kind="service",
            owner_service=service_referent.municipal_services.first(),
            status=DecisionStatus.PLANNED,
            expected_date=timezone.localdate() - dt.timedelta(days=1),
        )
        meetings.decision_reminders_send()

    assert single.__class__.objects.filter(pk=several.pk, status=MeetingStatus.CONVENED).exists()
    subjects = _subjects(mail.outbox)
    assert subjects == {
        "Convocazione: Seduta di gennaio",
        "Convocazione: Seduta di febbraio",
        "Modifica all'incontro: Seduta di febbraio",
        "Incontro annullato: Seduta di gennaio",
        "Un tema per il tuo servizio: Anziani soli",
        "Un tema per il tuo servizio: Doposcuola",
        "Un tema per il tuo servizio: Trasporti",
        "Bozza di verbale da esaminare: Seduta di marzo",
        f"La tua proposta di tema: {proposal.title}",
        f"La tua proposta di tema: {deferred.title}",
        "Decisione in ritardo: Aprire lo sportello casa",
    }
    assert not _problems(mail.outbox), "\n".join(_problems(mail.outbox))


def test_training_emails_speak_italian(staff, django_capture_on_commit_callbacks):
    rep = RepresentativeFactory(organisation__name="Pineta ODV").user
    organisation = rep.representations.first().organisation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        one_lesson = TrainingSessionFactory(title="Primo soccorso", capacity=1, lessons=0)
        LessonFactory(session=one_lesson, starts_at=timezone.now() + dt.timedelta(days=1))
        people = [
            training.Person(first_name="Giulia", last_name="Casadei", email="giulia@example.org", role=""),
            training.Person(
                first_name="Marco", last_name="Neri", email="marco@example.org", role="Volontario"
            ),
            training.Person(first_name="Anna", last_name="Bianchi", email="anna@example.org", role=""),
        ]
        registrations = training.registration_create(
            session=one_lesson, people=people, organisation=organisation, by=rep
        )
        training.registration_cancel(registration=registrations[0], by=rep)
        training.reminders_send()

        several = TrainingSessionFactory(title="Progettare insieme", capacity=10, lessons=3)
        training.registration_create(session=several, people=people[:1], organisation=organisation, by=rep)
        lesson = several.lessons.first()
        training.lesson_save(
            session=several,
            lesson=lesson,
            by=staff,
            starts_at=lesson.starts_at + dt.timedelta(hours=1),
            ends_at=lesson.ends_at + dt.timedelta(hours=1),
            place=lesson.place,
        )
        training.session_set_status(
            session=several, to_status=SessionStatus.CANCELLED, by=staff, reason="La formatrice è malata"
        )

        held = TrainingSessionFactory(title="Ascolto attivo", lessons=0, status=SessionStatus.HELD)
        start = timezone.now() - dt.timedelta(days=30)
        first = LessonFactory(session=held, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        registration = RegistrationFactory(session=held, organisation=organisation, first_name="Giulia")
        training.attendance_record(session=held, present={(registration.pk, first.pk)}, by=staff)
        training.certificates_issue(session=held, by=staff)

    assert _subjects(mail.outbox) == {
        "Iscrizione confermata: Primo soccorso",
        "Lista d'attesa: Primo soccorso",
        "Si è liberato un posto per te: Primo soccorso",
        "Promemoria: il corso «Primo soccorso» inizia a breve",
        "Iscrizione confermata: Progettare insieme",
        "Modifica al corso: Progettare insieme",
        "Corso annullato: Progettare insieme",
        "Il tuo attestato di frequenza: Ascolto attivo",
    }
    assert not _problems(mail.outbox), "\n".join(_problems(mail.outbox))


def test_initiative_emails_speak_italian(staff, org_rep, django_capture_on_commit_callbacks):
    organisation = org_rep.representations.first().organisation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent_back = InitiativeFactory(lead_organisation=organisation, title="Orti condivisi", status="draft")
        reports.initiative_submit(initiative=sent_back, by=org_rep)
        reports.initiative_send_back(initiative=sent_back, by=staff, reason="Mancano le ore dei volontari")
        validated = InitiativeFactory(lead_organisation=organisation, title="Spesa sospesa", status="draft")
        reports.initiative_submit(initiative=validated, by=org_rep)
        reports.initiative_validate(initiative=validated, by=staff)
    subjects = _subjects(mail.outbox)
    assert any("Orti condivisi" in s for s in subjects), sorted(subjects)
    assert any("Spesa sospesa" in s for s in subjects), sorted(subjects)
    assert not _problems(mail.outbox), "\n".join(_problems(mail.outbox))
