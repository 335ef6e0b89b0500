"""Training follows membership: a withdrawn or suspended organisation's places go to the waiting list,
pending and withdrawn organisations are not offered members-only courses nor can register by URL; and
a representative registers more than three people at once, up to the places still free."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members import services as members_services
from tests.factories import RegistrationFactory, RepresentativeFactory, TrainingSessionFactory
from training.models import Registration

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_withdrawal_releases_the_places_to_the_waiting_list(
    org_rep, org_rep_client, other_org_rep, django_capture_on_commit_callbacks
):
    org = org_rep.representations.get().organisation
    other = other_org_rep.representations.get().organisation
    session = TrainingSessionFactory(capacity=2, title="Progettare il welfare")
    mine = RegistrationFactory(session=session, organisation=org, email="mia@example.org", status="confirmed")
    RegistrationFactory(session=session, organisation=other, email="altra1@example.org", status="confirmed")
    mine_waiting = RegistrationFactory(
        session=session, organisation=org, email="mia2@example.org", status="waiting"
    )
    first = RegistrationFactory(
        session=session, organisation=other, email="prima@example.org", status="waiting"
    )
    second = RegistrationFactory(
        session=session, organisation=other, email="seconda@example.org", status="waiting"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        members_services.organisation_withdraw(organisation=org, by=org_rep)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "mia@example.org": "cancelled",
        "altra1@example.org": "confirmed",
        "mia2@example.org": "cancelled",
        "prima@example.org": "confirmed",  # the first on the list takes the freed place, and is told
        "seconda@example.org": "waiting",
    }
    told = [m for m in mail.outbox if m.to == ["prima@example.org"]]
    assert told and "Progettare il welfare" in told[0].subject
    assert not [m for m in mail.outbox if m.to == ["mia2@example.org"] and "posto" in m.subject.lower()]
    assert mine.pk and mine_waiting.pk and first.pk and second.pk


@pytest.mark.parametrize("status", ["pending", "withdrawn"])
def test_non_members_are_not_offered_members_only_courses(status):
    rep = RepresentativeFactory(organisation__status=status)
    client = Client()
    client.force_login(rep.user)
    members_only = TrainingSessionFactory(title="Corso per gli aderenti", audience="members")
    open_to_all = TrainingSessionFactory(title="Corso aperto a tutti", audience="public")
    dashboard = _page(client.get(reverse("dashboard")))
    assert "Corso per gli aderenti" not in dashboard
    assert "Corso aperto a tutti" in dashboard
    refused = client.post(
        reverse("training:register_people", args=[members_only.pk]),
        {
            "organisation": rep.organisation.pk,
            "people-TOTAL_FORMS": "1",
            "people-INITIAL_FORMS": "0",
            "people-0-first_name": "Anna",
            "people-0-last_name": "Neri",
            "people-0-email": "anna@example.org",
        },
    )
    assert refused.status_code == 404
    assert not Registration.objects.exists()
    assert open_to_all.pk


def test_a_member_sees_the_members_only_course(org_rep_client):
    TrainingSessionFactory(title="Corso per gli aderenti", audience="members")
    assert "Corso per gli aderenti" in _page(org_rep_client.get(reverse("dashboard")))


def test_more_than_three_people_at_once_up_to_the_free_places(org_rep, org_rep_client):
    org = org_rep.representations.get().organisation
    session = TrainingSessionFactory(capacity=5)
    url = reverse("training:detail", args=[session.pk])
    page = _page(org_rep_client.get(url))
    assert len(re.findall(r'name="people-\d+-first_name"', page)) == 3
    assert "Puoi iscrivere fino a 5 persone alla volta." in page
    data = {"organisation": org.pk, "people-INITIAL_FORMS": "0"}
    for i, name in enumerate(["Anna", "Bruno", "Carla", "Dario", "Elena"]):
        data |= {
            f"people-{i}-first_name": name,
            f"people-{i}-last_name": "Neri",
            f"people-{i}-email": f"{name.lower()}@example.org",
        }
    register = reverse("training:register_people", args=[session.pk])
    # "Add a person" twice: the typed rows stay, one more each time, then no more button.
    more = _page(org_rep_client.post(register, {**data, "people-TOTAL_FORMS": "3", "add_row": "1"}))
    assert len(re.findall(r'name="people-\d+-first_name"', more)) == 4
    assert 'value="Carla"' in more and 'name="add_row"' in more
    full = _page(org_rep_client.post(register, {**data, "people-TOTAL_FORMS": "4", "add_row": "1"}))
    assert len(re.findall(r'name="people-\d+-first_name"', full)) == 5
    assert 'name="add_row"' not in full
    assert (
        "Hai raggiunto il numero massimo di persone che puoi iscrivere a questo corso in una volta sola: 5."
        in full
    )
    assert not Registration.objects.exists()
    # Six rows forged: refused with the Italian message, nobody registered.
    six = data | {
        "people-5-first_name": "Fabio",
        "people-5-last_name": "Neri",
        "people-5-email": "fabio@example.org",
    }
    refused = org_rep_client.post(register, {**six, "people-TOTAL_FORMS": "6"})
    assert refused.status_code == 400
    assert "Puoi iscrivere al massimo 5 persone alla volta." in _page(refused)
    assert not Registration.objects.exists()
    done = org_rep_client.post(register, {**data, "people-TOTAL_FORMS": "5"})
    assert done.status_code == 302
    assert Registration.objects.filter(session=session, status="confirmed").count() == 5
