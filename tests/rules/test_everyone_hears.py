"""Everyone hears what concerns them (issue 13), walked through the pages.

The office (Segreteria) is told of comments on the minutes, answers of the services, topic proposals and
membership applications, by e-mail and on its dashboard ("Da guardare"); the Assessore is convened to
every meeting; the organisations are told when minutes are open for comments and approved; a participant
cancelled by staff is told why; cancelling a meeting or a course needs a reason. Recipients, subjects and
texts are written here by hand.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from meetings.models import MinutesStatus, RoutingStatus
from members.models import Theme
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RegistrationFactory,
    RoutingFactory,
    TrainingSessionFactory,
)
from tests.meetings.helpers import past_meeting, with_minutes
from tests.members.test_join import form_data
from training.models import RegistrationStatus, SessionStatus

pytestmark = pytest.mark.django_db

SITE = "https://tavolo.comune.example.it"
PREFIX = "[Tavolo delle Risorse] "


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _texts(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("text", flat=True))


def _mail_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_comment_on_the_minutes_reaches_the_office(
    org_rep, org_rep_client, staff, staff_client, assessore, django_capture_on_commit_callbacks
):
    organisation = org_rep.representations.get().organisation
    meeting = past_meeting(title="Plenaria di ottobre", organisations=[organisation])
    with_minutes(
        meeting,
        status=MinutesStatus.OPEN_FOR_COMMENTS,
        comments_until=timezone.localdate() + dt.timedelta(days=5),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        org_rep_client.post(
            reverse("meetings:minutes_comment", args=[meeting.pk]),
            {"text": "Manca il riferimento al bando ACER."},
        )
    # The office only: not the Assessore, not the organisation that wrote it.
    assert [m.to for m in mail.outbox] == [["segreteria@example.it"]]
    [message] = mail.outbox
    assert message.subject == PREFIX + "Commento al verbale: Plenaria di ottobre"
    assert (
        "Auser Cervia ha commentato la bozza del verbale della seduta «Plenaria di ottobre»:" in message.body
    )
    assert "Manca il riferimento al bando ACER." in message.body
    assert f"{SITE}/area-riservata/incontri/{meeting.pk}/verbale/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _texts(staff) == [
        "Auser Cervia ha commentato la bozza del verbale della seduta «Plenaria di ottobre»"
    ]
    assert _texts(assessore) == [] and _texts(org_rep) == []
    dashboard = _page(staff_client.get(reverse("dashboard")))
    assert "Da guardare" in dashboard
    assert "Auser Cervia ha commentato la bozza del verbale della seduta «Plenaria di ottobre»" in dashboard


def test_an_answer_of_a_service_reaches_the_office_once(
    service_referent, service_referent_client, municipal_service, staff, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Plenaria di dicembre", status="convened")
    item = AgendaItemFactory(meeting=meeting, title="Solitudine degli anziani")
    routing = RoutingFactory(agenda_item=item, service=municipal_service, referent=service_referent)
    url = reverse("meetings:routing", args=[routing.pk])
    mail.outbox.clear()
    answer = {"status": RoutingStatus.ANSWERED, "contribution": "Il servizio attiva 20 posti di assistenza."}
    with django_capture_on_commit_callbacks(execute=True):
        service_referent_client.post(url, answer)
    assert [m.to for m in mail.outbox] == [["segreteria@example.it"]]
    [message] = mail.outbox
    assert message.subject == PREFIX + "Risposta di Servizi sociali: Solitudine degli anziani"
    assert "Il servizio attiva 20 posti di assistenza." in message.body
    assert _texts(staff) == [
        "Servizi sociali ha risposto sull'argomento «Solitudine degli anziani» (Plenaria di dicembre)"
    ]
    # Saving the answer again is not a new answer.
    with django_capture_on_commit_callbacks(execute=True):
        service_referent_client.post(url, {**answer, "contribution": "Il servizio attiva 25 posti."})
    assert len(mail.outbox) == 1 and len(_texts(staff)) == 1


def test_a_topic_proposal_reaches_the_office(
    org_rep_client, staff, assessore, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        org_rep_client.post(
            reverse("meetings:proposal_create"),
            {
                "title": "Trasporto sociale per le frazioni",
                "description": "Chi vive a Castiglione non raggiunge i servizi.",
                "themes": [Theme.objects.get(slug="anziani").pk],
            },
        )
    assert [m.to for m in mail.outbox] == [["segreteria@example.it"]]
    assert mail.outbox[0].subject == PREFIX + "Nuova proposta di argomento: Trasporto sociale per le frazioni"
    assert f"{SITE}/area-riservata/proposte/da-decidere/" in mail.outbox[0].body
    assert _texts(staff) == [
        "Nuova proposta di argomento da Auser Cervia: «Trasporto sociale per le frazioni»"
    ]
    assert _texts(assessore) == []


def test_a_membership_application_reaches_the_office_and_stays_on_its_dashboard_until_read(
    anonymous, staff, staff_client, assessore, assessore_client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post("/aderisci/", form_data())
    # The e-mail to the table's staff was already sent before this work; it is now an optional kind.
    [to_office] = _mail_to("segreteria@example.it")
    assert to_office.subject == PREFIX + "Domanda di adesione da esaminare: Associazione Il Faro"
    assert "List-Unsubscribe" in to_office.extra_headers
    assert _texts(staff) == ["Nuova domanda di adesione da esaminare: Associazione Il Faro"]
    assert _texts(assessore) == []
    dashboard = _page(staff_client.get(reverse("dashboard")))
    assert (
        "Da guardare" in dashboard
        and "Nuova domanda di adesione da esaminare: Associazione Il Faro" in dashboard
    )
    assert "Da guardare" not in _page(assessore_client.get(reverse("dashboard")))
    # Read from the notifications page: the dashboard no longer flags it.
    notification = Notification.objects.get(recipient=staff)
    staff_client.get(reverse("notifications:open", args=[notification.pk]))
    assert "Da guardare" not in _page(staff_client.get(reverse("dashboard")))


def test_the_assessore_is_convened_to_every_meeting_with_the_calendar_event(
    org_rep, other_org_rep, staff, assessore, staff_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Plenaria di gennaio", starts_at=timezone.now() + dt.timedelta(days=20))
    AgendaItemFactory(meeting=meeting, title="Bilancio sociale")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:convene", args=[meeting.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["assessore@example.it", org_rep.email, other_org_rep.email]
    )
    [to_chair] = _mail_to("assessore@example.it")
    assert to_chair.subject == PREFIX + "Convocazione: Plenaria di gennaio"
    [(name, _content, mimetype)] = to_chair.attachments
    assert (name, mimetype) == ("incontro.ics", "application/ics")
    # The cancellation reaches her too, with the reason.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Sala non disponibile."})
    [cancelled] = _mail_to("assessore@example.it")
    assert cancelled.subject == PREFIX + "Incontro annullato: Plenaria di gennaio"
    assert "Sala non disponibile." in cancelled.body


def test_a_meeting_cannot_be_cancelled_without_a_reason(staff_client):
    meeting = MeetingFactory(title="Plenaria di febbraio", status="convened", convened_at=timezone.now())
    response = staff_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "Scrivi perché la seduta è annullata: chi è convocato lo leggerà nell'e-mail." in _page(response)
    meeting.refresh_from_db()
    assert meeting.status == "convened"


def test_the_organisations_are_told_when_minutes_open_for_comments_and_when_approved(
    org_rep,
    other_org_rep,
    org_rep_client,
    staff,
    assessore,
    service_referent,
    staff_client,
    django_capture_on_commit_callbacks,
):
    meeting = past_meeting(title="Plenaria di ottobre")
    with_minutes(meeting)
    until = timezone.localdate() + dt.timedelta(days=10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("meetings:minutes_open", args=[meeting.pk]), {"comments_until": until.isoformat()}
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org_rep.email, other_org_rep.email])
    months = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
              "ottobre", "novembre", "dicembre"]  # fmt: skip
    day = f"{until.day} {months[until.month - 1]} {until.year}"
    article = "all'" if until.day in (8, 11) else "al "
    opened = (
        f"La bozza del verbale della seduta «Plenaria di ottobre» è pronta: "
        f"la tua organizzazione può commentarla fino {article}{day}"
    )
    assert _texts(org_rep) == [opened] and _texts(other_org_rep) == [opened]
    staff_client.post(reverse("meetings:minutes_close", args=[meeting.pk]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org_rep.email, other_org_rep.email])
    message = _mail_to(org_rep.email)[0]
    assert message.subject == PREFIX + "Verbale approvato: Plenaria di ottobre"
    assert f"{SITE}/incontri/{meeting.pk}/" in message.body
    approved = "Il verbale della seduta «Plenaria di ottobre» è stato approvato"
    assert _texts(org_rep) == [opened, approved]
    assert _texts(staff) == [] and _texts(assessore) == [] and _texts(service_referent) == []
    page = _page(org_rep_client.get("/area-riservata/notifiche/"))
    assert approved in page and "Hai 2 notifiche non lette." in page


def test_a_participant_cancelled_by_the_office_is_told_why(
    org_rep, staff_client, django_capture_on_commit_callbacks
):
    organisation = org_rep.representations.get().organisation
    session = TrainingSessionFactory(title="Primo soccorso")
    registration = RegistrationFactory(
        session=session,
        organisation=organisation,
        registered_by=org_rep,
        first_name="Carla",
        last_name="Bianchi",
        email="carla.bianchi@example.org",
    )
    url = reverse("training:registration_cancel", args=[registration.pk])
    # The button leads to a confirmation page that asks why.
    page = _page(staff_client.post(url))
    assert "Annulla l'iscrizione" in page and "Motivo, inviato a chi partecipa" in page
    assert "Carla Bianchi riceve un'e-mail con il motivo qui sotto." in page
    refused = staff_client.post(url, {"confirmed": "1", "reason": ""})
    assert refused.status_code == 400
    assert "Scrivi perché l'iscrizione è annullata: chi partecipa lo leggerà nell'e-mail." in _page(refused)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            url, {"confirmed": "1", "reason": "Il corso è riservato agli operatori sanitari."}
        )
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [["carla.bianchi@example.org"]]
    [message] = mail.outbox
    assert message.subject == PREFIX + "Iscrizione annullata: Primo soccorso"
    assert "l'Ufficio Welfare ha annullato la tua iscrizione al corso «Primo soccorso»." in message.body
    assert "Motivazione: Il corso è riservato agli operatori sanitari." in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # registrations are mandatory e-mails
    assert _texts(org_rep) == [
        "L'ufficio ha annullato l'iscrizione di Carla Bianchi al corso «Primo soccorso»"
    ]
    assert (
        registration.events.order_by("-pk").first().reason == "Il corso è riservato agli operatori sanitari."
    )


def test_a_representative_cancelling_their_own_people_is_not_asked_why(org_rep, org_rep_client):
    registration = RegistrationFactory(organisation=org_rep.representations.get().organisation)
    response = org_rep_client.post(reverse("training:registration_cancel", args=[registration.pk]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_course_cannot_be_cancelled_without_a_reason_and_the_email_carries_it(
    staff_client, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(title="Primo soccorso")
    RegistrationFactory(session=session, email="carla.bianchi@example.org", first_name="Carla")
    url = reverse("training:session_status", args=[session.pk])
    refused = staff_client.post(url, {"to_status": "cancelled", "confirmed": "1", "reason": ""})
    assert refused.status_code == 400
    assert "Scrivi perché il corso è annullato: i partecipanti lo leggeranno nell'e-mail." in _page(refused)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url, {"to_status": "cancelled", "confirmed": "1", "reason": "La formatrice è malata."}
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    [message] = mail.outbox
    assert message.to == ["carla.bianchi@example.org"]
    assert "La formatrice è malata." in message.body
