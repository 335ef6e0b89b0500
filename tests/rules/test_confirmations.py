"""Nothing irreversible in one click: the GET says what will happen and who is told, the POST does it."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatusChange, Minutes
from reports.models import ReportVersion
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    LessonFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    TrainingSessionFactory,
)
from tests.meetings.helpers import past_meeting
from training.models import Lesson, TrainingSession

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_cancelling_a_convened_meeting_says_who_is_told_then_cancels(staff_client):
    meeting = MeetingFactory(title="Plenaria di maggio", status="convened")
    for org in OrganisationFactory.create_batch(3):
        Invitation.objects.create(meeting=meeting, organisation=org)
    url = reverse("meetings:cancel", args=[meeting.pk])
    page = _page(staff_client.get(url))
    assert "Plenaria di maggio" in page
    assert "I rappresentanti delle 3 organizzazioni invitate ricevono l&#x27;annullamento" in page
    meeting.refresh_from_db()
    assert meeting.status == "convened"
    staff_client.post(url, {"reason": "Sala non disponibile"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_cancelling_without_a_reason_keeps_the_page_and_does_nothing(staff_client):
    meeting = MeetingFactory(status="convened")
    response = staff_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Scrivi perché la seduta è annullata: chi è convocato lo leggerà nell'e-mail." in html.unescape(
        response.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.status == "convened"


def test_removing_an_agenda_item_asks_first(staff_client):
    item = AgendaItemFactory(title="Povertà educativa", meeting=MeetingFactory())
    url = reverse("meetings:item_remove", args=[item.meeting.pk, item.pk])
    page = _page(staff_client.get(url))
    assert "Povertà educativa" in page and "Rimuovi il punto" in page
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    staff_client.post(url)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_approving_minutes_asks_first(staff_client):
    meeting = past_meeting(title="Plenaria di ottobre")
    Minutes.objects.create(meeting=meeting, general_notes="Presenti 14 organizzazioni.")
    url = reverse("meetings:minutes_approve", args=[meeting.pk])
    page = _page(staff_client.get(url))
    assert "non può più essere modificato" in page
    assert Minutes.objects.get(meeting=meeting).status == "draft"
    staff_client.post(url)
    assert Minutes.objects.get(meeting=meeting).status == "approved"


def test_publishing_a_report_asks_first(staff_client):
    AnnualReportFactory(year=2024)
    url = reverse("reports:publish", args=[2024])
    page = _page(staff_client.get(url))
    assert "Pubblica la versione 1" in page and "/relazioni/2024/" in page
    assert not ReportVersion.objects.exists()
    staff_client.post(url, {"note": ""})
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1]


def test_cancelling_a_course_with_registrations_says_who_is_told_then_cancels(staff_client):
    session = TrainingSessionFactory(title="Il Registro Unico", capacity=10)
    RegistrationFactory.create_batch(2, session=session)
    url = reverse("training:session_status", args=[session.pk])
    page = _page(staff_client.post(url, {"to_status": "cancelled", "reason": "Docente malato"}))
    assert "Le 2 persone iscritte ricevono un&#x27;e-mail" in page and "Docente malato" in page
    assert TrainingSession.objects.get(pk=session.pk).status != "cancelled"
    staff_client.post(url, {"to_status": "cancelled", "reason": "Docente malato", "confirmed": "1"})
    assert TrainingSession.objects.get(pk=session.pk).status == "cancelled"


def test_removing_a_lesson_asks_first(staff_client):
    session = TrainingSessionFactory(lessons=0)
    lesson = LessonFactory(session=session, starts_at=timezone.now() + dt.timedelta(days=9))
    url = reverse("training:lesson_delete", args=[session.pk, lesson.pk])
    page = _page(staff_client.get(url))
    assert "Rimuovi la lezione" in page
    assert Lesson.objects.filter(pk=lesson.pk).exists()
    staff_client.post(url)
    assert not Lesson.objects.filter(pk=lesson.pk).exists()


def test_rejecting_or_suspending_an_organisation_asks_first(staff_client):
    pending = OrganisationFactory(status="pending")
    page = _page(staff_client.get(reverse("members:staff_transition", args=[pending.pk, "reject"])))
    assert "La motivazione è inviata via e-mail a chi ha presentato la domanda" in page
    pending.refresh_from_db()
    assert pending.status == "pending"
    member = OrganisationFactory()
    page = _page(staff_client.get(reverse("members:staff_transition", args=[member.pk, "suspend"])))
    assert "La motivazione è inviata ai suoi rappresentanti" in page
    member.refresh_from_db()
    assert member.status == "active"


def test_outsiders_see_no_confirmation_page(org_rep_client):
    meeting = MeetingFactory(status="convened")
    assert org_rep_client.get(reverse("meetings:cancel", args=[meeting.pk])).status_code in (403, 404)
    assert Meeting.objects.get(pk=meeting.pk).status == "convened"


def test_minutes_wait_for_the_comment_window_unless_the_office_closes_it(
    staff_client, org_rep_client, org_rep
):
    organisation = org_rep.representations.get().organisation
    meeting = past_meeting(title="Plenaria di ottobre", organisations=[organisation])
    until = timezone.localdate() + dt.timedelta(days=10)
    Minutes.objects.create(
        meeting=meeting,
        general_notes="Presenti 14 organizzazioni.",
        status="open_for_comments",
        comments_until=until,
    )
    approve = reverse("meetings:minutes_approve", args=[meeting.pk])
    # while members may comment, approval is not offered and a POST changes nothing
    assert (
        "Approva il verbale…"
        not in staff_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    )
    staff_client.post(approve)
    assert Minutes.objects.get(meeting=meeting).status == "open_for_comments"
    # the office closes the window on purpose, after a confirmation page
    close = reverse("meetings:minutes_close", args=[meeting.pk])
    assert "vedono sulla pagina dell&#x27;incontro" in _page(staff_client.get(close))
    staff_client.post(close)
    page = org_rep_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "ha chiuso le osservazioni in anticipo" in page
    staff_client.post(approve)
    assert Minutes.objects.get(meeting=meeting).status == "approved"


def test_cancelling_a_draft_never_convened_deletes_it(staff_client, staff):
    draft = MeetingFactory(title="Bozza di giugno")
    AgendaItemFactory(meeting=draft)
    MeetingStatusChange.objects.create(meeting=draft, from_status="", to_status="draft", by=staff)
    url = reverse("meetings:cancel", args=[draft.pk])
    page = _page(staff_client.get(url))
    assert "Elimina la bozza" in page and "Nessuno viene avvisato." in page
    response = staff_client.post(url, {"reason": ""})
    assert response["Location"] == reverse("meetings:manage_list")
    assert not Meeting.objects.filter(title="Bozza di giugno").exists()
    assert "Bozza di giugno" not in staff_client.get(reverse("meetings:list")).content.decode()


def test_convening_with_less_than_seven_days_notice_needs_a_confirmation(staff_client):
    soon = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    AgendaItemFactory(meeting=soon)
    url = reverse("meetings:convene", args=[soon.pk])
    page = _page(staff_client.post(url))
    assert "almeno sette giorni prima" in page and "Convoca comunque" in page
    assert Meeting.objects.get(pk=soon.pk).status == "draft"
    staff_client.post(url, {"confirmed": "1"})
    assert Meeting.objects.get(pk=soon.pk).status == "convened"
    # eight days ahead: enough notice, convened at once
    later = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=8))
    AgendaItemFactory(meeting=later)
    assert staff_client.post(reverse("meetings:convene", args=[later.pk])).status_code == 302
    assert Meeting.objects.get(pk=later.pk).status == "convened"
