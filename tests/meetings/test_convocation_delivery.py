"""A convocation to N organisations: N messages queued in one transaction, one SMTP session to send them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from core.models import OutgoingEmail
from meetings.models import MeetingStatus
from tests.factories import RepresentativeFactory
from tests.smtp_sink import smtp_mailers, smtp_sink

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def five_organisations(db) -> list[str]:
    return [
        RepresentativeFactory(
            user__email=f"presidenza{n}@example.org", organisation__name=f"Associazione {n}"
        ).user.email
        for n in range(1, 6)
    ]


@pytest.mark.parametrize(
    "backend", ["django.tasks.backends.immediate.ImmediateBackend", "django_tasks_db.DatabaseBackend"]
)
def test_a_convocation_goes_out_through_one_smtp_session(
    settings, staff_client, item, five_organisations, backend
):
    settings.TASKS = {"default": {"BACKEND": backend}}
    with smtp_sink() as (sink, port):
        settings.MAILERS = smtp_mailers(port)
        response = staff_client.post(f"/area-riservata/incontri/{item.meeting.pk}/convoca/")
        assert response.status_code == 302
        if backend == "django_tasks_db.DatabaseBackend":
            assert sink.messages == []  # the page returned before any e-mail was made
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        recipients = sorted(message["To"] for message in sink.messages)
        assert sink.sessions == 1
    item.meeting.refresh_from_db()
    assert item.meeting.status == MeetingStatus.CONVENED
    assert OutgoingEmail.objects.filter(status="sent").count() == 5
    assert recipients == [
        "presidenza1@example.org",
        "presidenza2@example.org",
        "presidenza3@example.org",
        "presidenza4@example.org",
        "presidenza5@example.org",
    ]
