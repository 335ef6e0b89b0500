"""Decisions: recorded with the minutes, public once approved, updated by their owners."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from meetings.models import Decision, DecisionUpdate, MeetingStatus, MinutesStatus
from members.models import Theme
from tests.meetings.helpers import past_meeting, with_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_meeting(db):
    meeting = past_meeting(title="Plenaria di ottobre", is_public=True)
    with_minutes(meeting)
    return meeting


def _record(client, meeting, **overrides):
    item = meeting.agenda_items.get()
    data = {
        "item": item.pk,
        "kind": "service_request",
        "title": "Mappare gli alloggi sfitti",
        "text": "Il servizio mappa gli alloggi pubblici sfitti entro l'estate.",
        "owner_kind": "service",
        "service": "",
        "expected_date": "2027-06-30",
        "themes": [Theme.objects.get(slug="casa").pk],
    }
    data.update(overrides)
    return client.post(reverse("meetings:decisions_manage", args=[meeting.pk]), data)


def _approve(client, meeting):
    return client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))


def test_journey_from_minutes_to_public_decision_and_update(
    held_meeting, staff_client, anonymous, service_referent_client, municipal_service, org_rep_client
):
    response = _record(staff_client, held_meeting, service=municipal_service.pk)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.status == "planned"
    url = reverse("meetings:decision", args=[decision.pk])

    # Not public while the minutes are a draft: 404 to outsiders, visible to the office.
    assert anonymous.get(url).status_code == 404
    assert org_rep_client.get(url).status_code == 404
    assert "Mappare gli alloggi sfitti" not in anonymous.get("/decisioni/").content.decode()
    assert staff_client.get(url).status_code == 200

    assert _approve(staff_client, held_meeting).status_code == 302
    page = anonymous.get("/decisioni/").content.decode()
    assert "Mappare gli alloggi sfitti" in page
    assert "Servizi sociali" in page
    detail = anonymous.get(url).content.decode()
    assert "Plenaria di ottobre" in detail
    assert "Post an update" not in detail and "Pubblica un aggiornamento" not in detail
    meeting_page = anonymous.get(held_meeting.get_absolute_url()).content.decode()
    assert url in meeting_page

    # The service referent of the owning service posts an update; it shows in the history.
    response = service_referent_client.post(
        reverse("meetings:decision_update", args=[decision.pk]),
        {
            "status": "in_progress",
            "note": "Censiti 40 alloggi su 120.",
            "evidence_url": "https://example.it/a.pdf",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "in_progress"
    detail = anonymous.get(url).content.decode()
    assert "Censiti 40 alloggi su 120." in detail
    assert "https://example.it/a.pdf" in detail
    assert list(decision.updates.values_list("from_status", "to_status")) == [
        ("", "planned"),
        ("planned", "in_progress"),
    ]

    # A representative of an organisation that does not own it may not update it.
    response = org_rep_client.post(
        reverse("meetings:decision_update", args=[decision.pk]), {"status": "done", "note": "fatto"}
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == "in_progress"


def test_owning_organisation_representative_updates_and_drop_needs_reason(
    held_meeting, staff_client, org_rep_client, rep_org, other_org_rep_client
):
    from members.models import OrganisationStatus

    assert rep_org.status == OrganisationStatus.ACTIVE
    _record(
        staff_client, held_meeting, owner_kind="organisations", organisations=[rep_org.pk], kind="commitment"
    )
    _approve(staff_client, held_meeting)
    decision = Decision.objects.get()
    update_url = reverse("meetings:decision_update", args=[decision.pk])

    detail = org_rep_client.get(decision.get_absolute_url())
    assert f'action="{update_url}"' in detail.content.decode()

    response = org_rep_client.post(update_url, {"status": "dropped", "note": "  "})
    assert response.status_code == 400
    assert "Spiega perché la decisione viene abbandonata." in response.content.decode() or (
        "Say why the decision is dropped." in response.content.decode()
    )
    assert DecisionUpdate.objects.count() == 1

    assert other_org_rep_client.post(update_url, {"status": "done", "note": "x"}).status_code == 403

    data = {"status": "done", "note": "Sportello aperto.", "evidence_url": ""}
    assert org_rep_client.post(update_url, data).status_code == 302
    # A done decision is closed: no form, and a further update is refused with a message.
    assert "Sportello aperto." in org_rep_client.get(decision.get_absolute_url()).content.decode()
    response = org_rep_client.post(update_url, {"status": "in_progress", "note": "di nuovo"})
    assert response.status_code == 400
    assert DecisionUpdate.objects.count() == 2


def test_decision_form_errors_and_double_submit(held_meeting, staff_client):
    response = _record(staff_client, held_meeting)  # a service owner without a service
    assert response.status_code == 400
    assert "Choose the municipal service" in response.content.decode() or "Scegli il servizio" in (
        response.content.decode()
    )
    assert 'value="Mappare gli alloggi sfitti"' in response.content.decode()
    assert Decision.objects.count() == 0

    assert _record(staff_client, held_meeting, owner_kind="office").status_code == 302
    assert _record(staff_client, held_meeting, owner_kind="office").status_code == 400
    assert Decision.objects.count() == 1


def test_decisions_only_while_minutes_are_written(staff_client):
    draft = past_meeting(status=MeetingStatus.CONVENED, days_ago=-3)
    from tests.factories import AgendaItemFactory

    AgendaItemFactory(meeting=draft)
    assert _record(staff_client, draft, owner_kind="office").status_code == 400
    approved = past_meeting(status=MeetingStatus.MINUTES_APPROVED)
    with_minutes(approved, status=MinutesStatus.APPROVED)
    assert _record(staff_client, approved, owner_kind="office").status_code == 400
    assert Decision.objects.count() == 0


def _published(staff_client, meeting, **overrides):
    _record(staff_client, meeting, **overrides)
    _approve(staff_client, meeting)


def test_filters_by_status_owner_theme_and_year(staff_client, anonymous, municipal_service):
    older = past_meeting(title="Plenaria vecchia", days_ago=400)
    with_minutes(older)
    _published(staff_client, older, owner_kind="office", title="Festa dei volontari", themes=[])
    recent = past_meeting(title="Plenaria recente")
    with_minutes(recent)
    _published(staff_client, recent, service=municipal_service.pk)
    year_old = older.starts_at.year

    def titles(query):
        page = anonymous.get("/decisioni/" + query).content.decode()
        return {t for t in ("Festa dei volontari", "Mappare gli alloggi sfitti") if t in page}

    assert titles("") == {"Festa dei volontari", "Mappare gli alloggi sfitti"}
    assert titles("?owner=office") == {"Festa dei volontari"}
    assert titles("?service=servizi-sociali") == {"Mappare gli alloggi sfitti"}
    assert titles("?theme=casa") == {"Mappare gli alloggi sfitti"}
    assert titles(f"?year={year_old}") == {"Festa dei volontari"}
    assert titles("?status=done") == set()
    assert titles("?status=planned") == {"Festa dei volontari", "Mappare gli alloggi sfitti"}
    assert anonymous.get("/decisioni/?year=abc&status=nonsense").status_code == 200


def test_open_data_and_feed(staff_client, anonymous, held_meeting, municipal_service):
    _published(staff_client, held_meeting, service=municipal_service.pk, title="=SOMMA(A1)")
    private = past_meeting(title="Riservata", is_public=False)
    with_minutes(private)
    _published(staff_client, private, owner_kind="office", title="Decisione riservata")

    response = anonymous.get("/decisioni.csv")
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "url", "meeting"]
    assert len(rows) == 2
    assert rows[1][6] == "'=SOMMA(A1)"
    assert rows[1][9] == "Servizi sociali"
    assert rows[1][10] == "2027-06-30"

    payload = json.loads(anonymous.get("/decisioni.json").content)
    assert payload["license"] == "CC-BY-4.0"
    assert [d["title"] for d in payload["decisions"]] == ["=SOMMA(A1)"]
    assert payload["decisions"][0]["status"] == "planned"

    feed = anonymous.get("/decisioni/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "=SOMMA(A1)" in body
    assert "Decisione riservata" not in body


def test_members_only_meeting_decisions_hidden_from_public(staff_client, anonymous, org_rep_client):
    private = past_meeting(title="Riservata", is_public=False)
    with_minutes(private)
    _published(staff_client, private, owner_kind="office", title="Decisione riservata")
    decision = Decision.objects.get()
    assert anonymous.get(decision.get_absolute_url()).status_code == 404
    assert "Decisione riservata" not in anonymous.get("/decisioni/").content.decode()
    assert org_rep_client.get(decision.get_absolute_url()).status_code == 200


def test_staff_removes_a_draft_decision_but_not_a_published_one(held_meeting, staff_client):
    _record(staff_client, held_meeting, owner_kind="office")
    decision = Decision.objects.get()
    remove = reverse("meetings:decision_remove", args=[held_meeting.pk, decision.pk])
    assert staff_client.post(remove).status_code == 302
    assert Decision.objects.count() == 0
    _published(staff_client, held_meeting, owner_kind="office")
    decision = Decision.objects.get()
    staff_client.post(reverse("meetings:decision_remove", args=[held_meeting.pk, decision.pk]))
    assert Decision.objects.count() == 1


def test_expected_date_is_optional(held_meeting, staff_client):
    assert _record(staff_client, held_meeting, owner_kind="office", expected_date="").status_code == 302
    assert Decision.objects.get().expected_date is None


def test_reminders_before_and_after_the_expected_date_each_once(
    held_meeting, staff_client, municipal_service, service_referent
):
    from django.core.management import call_command
    from django.utils import timezone

    from core.models import OutgoingEmail
    from meetings.services import decision_reminders_send

    expected = timezone.localdate() + dt.timedelta(days=10)
    _published(staff_client, held_meeting, service=municipal_service.pk, expected_date=expected.isoformat())
    draft = past_meeting(title="Bozza")
    with_minutes(draft)
    _record(staff_client, draft, service=municipal_service.pk, expected_date=expected.isoformat())

    call_command("send_decision_reminders", stdout=io.StringIO())
    call_command("send_decision_reminders", stdout=io.StringIO())
    mails = list(OutgoingEmail.objects.values_list("to", "subject"))
    assert mails == [
        ("referente@example.it", "[Tavolo delle Risorse] Decisione in scadenza: Mappare gli alloggi sfitti")
    ]
    body = OutgoingEmail.objects.get().body_text
    assert "/decisioni/" in body

    assert decision_reminders_send(today=expected + dt.timedelta(days=1)) == 1
    assert decision_reminders_send(today=expected + dt.timedelta(days=2)) == 0
    assert (
        OutgoingEmail.objects.filter(
            subject="[Tavolo delle Risorse] Decisione in ritardo: Mappare gli alloggi sfitti"
        ).count()
        == 1
    )

    # A done decision is reminded no more.
    decision = Decision.objects.get(title="Mappare gli alloggi sfitti", agenda_item__meeting=held_meeting)
    decision.status = "done"
    decision.save()
    assert decision_reminders_send(today=expected + dt.timedelta(days=30)) == 0


def test_overdue_decisions_on_the_office_and_chair_dashboards(
    held_meeting, staff_client, assessore_client, org_rep_client, municipal_service
):
    _published(staff_client, held_meeting, service=municipal_service.pk, expected_date="2025-01-31")
    for client in (staff_client, assessore_client):
        page = client.get("/area-riservata/").content.decode()
        assert "Decisioni in ritardo" in page
        assert "1 decisione è ancora aperta dopo la data prevista." in page
        assert "Mappare gli alloggi sfitti" in page
    assert "Decisioni in ritardo" not in org_rep_client.get("/area-riservata/").content.decode()


def test_the_demo_has_decisions_on_the_public_page(anonymous, settings):
    from django.core.management import call_command

    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    call_command("seed_demo", stdout=io.StringIO())
    page = anonymous.get("/decisioni/").content.decode()
    assert "Mappare i bisogni emersi sul punto e riferire al Tavolo" in page
    assert "Proporre alla Giunta un fondo dedicato" in page
    assert (
        DecisionUpdate.objects.filter(to_status="planned", from_status="").count() == Decision.objects.count()
    )


def test_the_reminder_speaks_italian_with_the_elided_article(held_meeting, staff_client):
    from core.models import OutgoingEmail
    from meetings.services import decision_reminders_send

    _published(staff_client, held_meeting, owner_kind="office", expected_date="2027-08-08")
    from django.test import override_settings

    with override_settings(TAVOLO_OFFICE_EMAIL="welfare@comune.example.it"):
        assert decision_reminders_send(today=dt.date(2027, 8, 1)) == 1
    body = OutgoingEmail.objects.get().body_text
    assert "questa decisione del Tavolo è prevista entro l'8 agosto 2027." in body
