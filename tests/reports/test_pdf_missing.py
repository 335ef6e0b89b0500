"""A published version whose PDF render was interrupted gets its PDF rendered again, never 503 forever."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from reports.services import report_publish
from tests.factories import AnnualReportFactory
from tests.reports.conftest import download

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def interrupted(history, staff, django_capture_on_commit_callbacks):
    """Published, but the render task never finished (the worker was killed)."""
    report = AnnualReportFactory(year=2024)
    with override_settings(TASKS=QUEUE_ONLY), django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report, by=staff, note="")
    version.refresh_from_db()
    assert not version.pdf
    return version


@pytest.mark.django_db
def test_with_immediate_tasks_the_next_request_gets_the_pdf(interrupted, client):
    response, content = download(client, "/relazioni/2024.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")
    # Stored, and copied to the public folder: a second visitor gets the same file.
    other, again = download(client, "/relazioni/2024/versioni/1.pdf")
    assert other.status_code == 200
    assert again == content


@pytest.mark.django_db
def test_with_a_worker_the_request_queues_it_once_and_the_periodic_command_renders_it(interrupted, client):
    from django.tasks import task_backends

    with override_settings(TASKS=QUEUE_ONLY):
        backend = task_backends["default"]
        first = client.get("/relazioni/2024.pdf")
        second = client.get("/relazioni/2024.pdf")
        queued = [result.task.name for result in backend.results]

    assert first.status_code == 503
    assert first["Retry-After"] == "60"
    page = first.content.decode()
    assert "Il PDF del documento 2024 è in preparazione: riprova tra poco." in page
    assert second.status_code == 503
    assert queued == ["render_report_pdf"]

    out = io.StringIO()
    call_command("render_report_pdfs", stdout=out)
    # The PDF rendered, and its public copy made (what the interrupted task would have done last).
    assert out.getvalue().strip() == "rendered=1 failed=0 published=1"

    response, content = download(client, "/relazioni/2024.pdf")
    assert response.status_code == 200
    assert content.startswith(b"%PDF-")
