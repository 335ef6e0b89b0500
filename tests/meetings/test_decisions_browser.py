"""From an agenda item to a public decision and its first update, in a real Chromium."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.models import OutgoingEmail
from meetings.models import Decision
from members.roles import Role
from tests.browser.conftest import (  # noqa: F401 - fixtures of the browser suite
    _browser_settings,
    _plain_http_settings,
    browser_context_args,
    browser_type_launch_args,
    live_server,
    steps,
)
from tests.factories import MunicipalServiceFactory, RepresentativeFactory, UserFactory
from tests.meetings.helpers import past_meeting, with_minutes
from tests.meetings.test_journey_browser import _reference_data, _signed_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_from_agenda_item_to_public_decision_and_update(browser, live_server, steps):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import AXE_OPTIONS, readable

    url = live_server.url
    staff = UserFactory(email="segreteria@example.org", is_staff=True, roles=[Role.SEGRETERIA])
    referent = UserFactory(email="casa@example.org", roles=[Role.SERVICE_REFERENT])
    MunicipalServiceFactory(name="Politiche abitative", slug="politiche-abitative", referents=[referent])
    org = RepresentativeFactory(organisation__name="Auser Cervia").organisation
    meeting = past_meeting(title="Plenaria di ottobre", organisations=[org], is_public=True)
    with_minutes(meeting)  # one item: "Emergenza abitativa"

    office = _signed_in(browser, url, staff.email)
    steps.page = office
    with steps.step("the office records a decision while writing the minutes"):
        office.goto(f"{url}/area-riservata/incontri/{meeting.pk}/verbale/")
        office.get_by_role("link", name="Decisioni di questo incontro").click()
        violations = Axe().run(office, options=AXE_OPTIONS).response["violations"]
        assert not violations, readable(violations)
        # By the item itself: its number on the agenda depends on the factories' sequence.
        office.get_by_label("Punto all'ordine del giorno").select_option(str(meeting.agenda_items.get().pk))
        office.get_by_label("Tipo di decisione").select_option("service_request")
        office.get_by_role("textbox", name="Decisione").fill("Mappare gli alloggi pubblici sfitti")
        office.get_by_label("Un servizio comunale").check(force=True)
        office.get_by_label("Servizio comunale", exact=True).select_option(label="Politiche abitative")
        office.get_by_label("Prevista entro").fill("2027-06-30")
        office.get_by_role("button", name="Registra la decisione", exact=True).click()
        assert "Decisione registrata." in office.content()
    with steps.step("the office approves the minutes"):
        office.goto(f"{url}/area-riservata/incontri/{meeting.pk}/verbale/")
        office.get_by_role("link", name="Approva il verbale…").click()
        assert "Le decisioni registrate diventano pubbliche nella pagina delle decisioni." in office.content()
        office.get_by_role("button", name="Approva il verbale", exact=True).click()
        assert "Il verbale è approvato e pubblicato" in office.content()

    service = _signed_in(browser, url, referent.email)
    steps.page = service
    with steps.step("the service referent posts an update"):
        service.goto(f"{url}/decisioni/")
        service.get_by_role("link", name="Mappare gli alloggi pubblici sfitti").click()
        service.get_by_label("Stato").select_option("in_progress")
        service.get_by_label("Che cosa è successo").fill("Censiti 40 alloggi su 120.")
        service.get_by_role("button", name="Pubblica l'aggiornamento", exact=True).click()
        assert "Aggiornamento pubblicato." in service.content()
    assert Decision.objects.get().status == "in_progress"

    with steps.step("the reminder reaches the referent once the expected date is near"):
        import datetime as dt

        from meetings.services import decision_reminders_send

        assert decision_reminders_send(today=dt.date(2027, 6, 20)) == 1
        call_command("send_decision_reminders", stdout=io.StringIO())
        assert list(
            OutgoingEmail.objects.filter(subject__contains="Mappare").values_list("to", flat=True)
        ) == ["casa@example.org"]

    anonymous = browser.new_context(locale="it-IT").new_page()
    steps.page = anonymous
    with steps.step("everyone reads the decision from the meeting's minutes"):
        anonymous.goto(f"{url}/incontri/{meeting.pk}/")
        anonymous.get_by_role("link", name="Mappare gli alloggi pubblici sfitti").click()
        content = anonymous.content()
        assert "Politiche abitative" in content
        assert "Censiti 40 alloggi su 120." in content
        assert "Prevista → In corso" in content
