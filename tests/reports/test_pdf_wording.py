"""The documents' Italian: the synthesis (HTML preview and PDF) for a year with no member, with one and
with several, the training certificate, the attendance register and the meeting's sign-in sheet, read
back (the PDFs' text through pypdf) against the defect list of tests/wording/defects.py."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import MeetingStatus
from tests.factories import (
    AnnualReportFactory,
    LessonFactory,
    OrganisationFactory,
    RegistrationFactory,
    TrainingSessionFactory,
)
from tests.meetings.helpers import past_meeting
from tests.wording.test_pages import defects_in, visible_text
from training import services as training
from training.models import SessionStatus

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text, a line of the page per line."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _problems(where: str, text: str) -> list[str]:
    """Defects in the text read as sentences (lines joined by a space, so "dal" at the end of a line and
    "1 aprile" at the start of the next are one phrase); a doubled word only within a line, since a
    table's caption, header and first cell are separate lines that may repeat a word on purpose."""
    flowing = re.sub(r"\s+", " ", text)
    by_line = " | ".join(line.strip() for line in text.splitlines())
    found = [p for p in defects_in(flowing) if not p.startswith("doubled word")]
    found += [p for p in defects_in(by_line) if p.startswith("doubled word")]
    return [f"{where}: {problem}" for problem in found]


@pytest.mark.parametrize(
    ("year", "members_sentence"),
    [
        (2021, "Nessuna organizzazione"),
        (2022, "1 organizzazione"),
        (2024, "2 organizzazioni"),
    ],
)
def test_the_synthesis_reads_well_with_none_one_and_several(history, staff_client, year, members_sentence):
    AnnualReportFactory(year=year)
    page = staff_client.get(f"/area-riservata/relazioni/{year}/anteprima/")
    assert page.status_code == 200
    html_text = visible_text(page.content.decode())
    response = staff_client.get(f"/area-riservata/relazioni/{year}/anteprima.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"Documento di sintesi {year}" in text or f"documento di sintesi {year}" in text.lower()
    assert members_sentence.lower() in (text + html_text).lower(), members_sentence
    problems = _problems(f"anteprima {year}", html_text) + _problems(f"anteprima.pdf {year}", text)
    assert not problems, "\n".join(problems)


def test_training_documents_read_well(staff, staff_client, client):
    session = TrainingSessionFactory(status=SessionStatus.HELD, lessons=0, title="Ascolto attivo")
    start = timezone.now() - dt.timedelta(days=40)
    lessons = []
    for week in range(3):
        starts_at = start + dt.timedelta(days=7 * week)
        lessons.append(
            LessonFactory(session=session, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
        )
    attended = RegistrationFactory(session=session, first_name="Giulia", last_name="Casadei")
    RegistrationFactory(session=session, first_name="Marco", last_name="Neri")
    training.attendance_record(
        session=session, present={(attended.pk, lesson.pk) for lesson in lessons}, by=staff
    )
    training.certificates_issue(session=session, by=staff)

    certificate = client.get(f"/formazione/iscrizione/{attended.token}/attestato.pdf")
    register = staff_client.get(f"/area-riservata/formazione/{session.pk}/registro.pdf")
    assert certificate.status_code == register.status_code == 200
    certificate_text, register_text = pdf_text(certificate.content), pdf_text(register.content)
    assert "Giulia Casadei" in certificate_text
    assert "3 ore" in certificate_text, certificate_text
    assert "Neri Marco" in register_text
    problems = _problems("attestato", certificate_text) + _problems("registro", register_text)
    assert not problems, "\n".join(problems)


def test_the_sign_in_sheet_reads_well(staff_client):
    meeting = past_meeting(
        status=MeetingStatus.CONVENED,
        organisations=[OrganisationFactory(name="Associazione Alfa"), OrganisationFactory(name="Pineta ODV")],
        title="Seduta plenaria",
    )
    response = staff_client.get(f"/area-riservata/incontri/{meeting.pk}/foglio-presenze.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Associazione Alfa" in text and "Pineta ODV" in text
    problems = _problems("foglio presenze", text)
    assert not problems, "\n".join(problems)
