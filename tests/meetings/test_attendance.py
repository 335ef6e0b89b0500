from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings import services
from meetings.errors import MeetingError
from meetings.models import AttendanceReply, MeetingStatus, ReplyStatus
from tests.factories import OrganisationFactory, RoutingFactory
from tests.meetings.helpers import past_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def convened(item, org_rep, other_org_rep, staff):
    return services.meeting_convene(meeting=item.meeting, by=staff)


def test_representative_answers_until_the_meeting_starts(convened, org_rep_client, rep_org):
    response = org_rep_client.post(
        f"/incontri/{convened.pk}/risposta/",
        {"status": "present", "attendee_names": "Maria Rossi, Luca Bianchi"},
    )
    assert response.status_code == 302
    reply = AttendanceReply.objects.get(meeting=convened, organisation=rep_org)
    assert reply.status == ReplyStatus.PRESENT and reply.attendee_names == "Maria Rossi, Luca Bianchi"
    page = org_rep_client.get(f"/incontri/{convened.pk}/").content.decode()
    assert "Risposta registrata" in page
    # Changing the answer keeps one row.
    org_rep_client.post(f"/incontri/{convened.pk}/risposta/", {"status": "absent"})
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.ABSENT and reply.attendee_names == ""


def test_answers_close_when_the_meeting_starts(convened, org_rep, rep_org):
    convened.starts_at = timezone.now() - timezone.timedelta(minutes=1)
    convened.save()
    with pytest.raises(MeetingError, match="iniziato"):
        services.attendance_reply(meeting=convened, organisation=rep_org, by=org_rep, status="present")


def test_staff_record_presence_and_the_page_shows_the_count(org_rep, other_org_rep, staff, anonymous):
    orgs = [org_rep.representations.get().organisation, other_org_rep.representations.get().organisation]
    orgs.append(OrganisationFactory(name="Caritas Cervia"))
    meeting = past_meeting(status=MeetingStatus.CONVENED, organisations=orgs)
    routing = RoutingFactory(agenda_item__meeting=meeting)
    services.attendance_record(
        meeting=meeting,
        by=staff,
        present_organisation_ids=[orgs[0].pk, orgs[2].pk],
        present_service_ids=[routing.service_id],
    )
    services.meeting_mark_held(meeting=meeting, by=staff)
    content = anonymous.get(f"/incontri/{meeting.pk}/").content.decode()
    assert "2 organizzazioni presenti su 3 invitate" in content
    with pytest.raises(MeetingError):
        services.attendance_record(
            meeting=meeting,
            by=staff,
            present_organisation_ids=[OrganisationFactory().pk],
            present_service_ids=[],
        )


def test_staff_record_presence_through_the_form(staff_client, org_rep):
    org = org_rep.representations.get().organisation
    meeting = past_meeting(status=MeetingStatus.HELD, organisations=[org])
    page = staff_client.get(f"/area-riservata/incontri/{meeting.pk}/presenze/")
    assert org.name in page.content.decode()
    response = staff_client.post(
        f"/area-riservata/incontri/{meeting.pk}/presenze/", {"organisations": [org.pk]}
    )
    assert response.status_code == 302
    assert meeting.attendances.get(organisation=org).present is True


def test_attendance_sheet_pdf_lists_invited_organisations(staff_client, org_rep, other_org_rep_client):
    orgs = [OrganisationFactory(name=f"Associazione {n}") for n in ("Alfa", "Beta")]
    meeting = past_meeting(status=MeetingStatus.CONVENED, organisations=orgs)
    url = f"/area-riservata/incontri/{meeting.pk}/foglio-presenze.pdf"
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Foglio presenze" in text and "Associazione Alfa" in text and "Firma" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4
    assert other_org_rep_client.get(url).status_code == 403


def test_organisation_that_joined_after_the_convocation_is_not_asked_to_answer(item, staff):
    meeting = services.meeting_convene(meeting=item.meeting, by=staff)
    from django.test import Client

    from tests.factories import RepresentativeFactory

    late = RepresentativeFactory().user
    client = Client()
    client.force_login(late)
    content = client.get(f"/incontri/{meeting.pk}/").content.decode()
    assert "La tua organizzazione parteciperà?" not in content
    response = client.post(f"/incontri/{meeting.pk}/risposta/", {"status": "present"}, follow=True)
    assert "non è stata invitata" in response.content.decode()
