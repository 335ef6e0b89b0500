"""A double submission is applied once: the same form sent twice (double click, reload) does the thing once.

Each journey GETs the page, takes the one-time token of the form and POSTs the same data twice.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from members.models import Organisation
from reports.models import ReportVersion
from tests.factories import AnnualReportFactory, TrainingSessionFactory
from tests.members.test_join import form_data as join_data
from tests.training.test_views import _people_post
from training.models import Registration

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="submit_once" value="([^"]+)"')


def _token(client, url: str, after: str = "") -> str:
    """The one-time token of the first form on the page at `url` whose HTML follows `after`."""
    page = client.get(url).content.decode()
    return TOKEN.search(page, page.index(after) if after else 0).group(1)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def rep_org(org_rep):
    return org_rep.representations.get().organisation


def test_publishing_a_report_twice_makes_one_version(staff_client):
    AnnualReportFactory(year=2024)
    token = _token(staff_client, reverse("reports:publish", args=[2024]))
    url = reverse("reports:publish", args=[2024])
    first = staff_client.post(url, {"note": "", "submit_once": token})
    second = staff_client.post(url, {"note": "", "submit_once": token})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "Operazione già eseguita." in _messages(second)
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1]


def test_creating_a_meeting_twice_makes_one_meeting(staff_client):
    url = reverse("meetings:create")
    token = _token(staff_client, url)
    starts = (timezone.localtime() + dt.timedelta(days=20)).replace(hour=17, minute=0)
    data = {
        "title": "Plenaria di primavera",
        "kind": "plenary",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Sala del Consiglio",
        "submit_once": token,
    }
    first = staff_client.post(url, data)
    second = staff_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Meeting.objects.filter(title="Plenaria di primavera").count() == 1


def test_registering_people_twice_registers_them_once(org_rep_client, rep_org):
    session = TrainingSessionFactory(capacity=10)
    token = _token(org_rep_client, reverse("training:detail", args=[session.pk]), after="iscrivi/")
    data = _people_post(rep_org, ("Anna", "Rossi", "anna@example.org")) | {"submit_once": token}
    url = reverse("training:register_people", args=[session.pk])
    first = org_rep_client.post(url, data)
    second = org_rep_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(session=session, email="anna@example.org").count() == 1


def test_applying_to_join_twice_makes_one_organisation(anonymous):
    token = _token(anonymous, "/aderisci/")
    first = anonymous.post("/aderisci/", join_data(submit_once=token))
    second = anonymous.post("/aderisci/", join_data(submit_once=token))
    assert first.status_code == second.status_code == 302
    assert Organisation.objects.filter(name="Associazione Il Faro").count() == 1


def test_a_form_shown_again_with_errors_does_not_use_up_its_token(staff_client):
    url = reverse("meetings:create")
    token = _token(staff_client, url)
    refused = staff_client.post(url, {"title": "Senza data", "kind": "plenary", "submit_once": token})
    assert refused.status_code == 200
    starts = (timezone.localtime() + dt.timedelta(days=20)).replace(hour=17, minute=0)
    accepted = staff_client.post(
        url,
        {
            "title": "Senza data",
            "kind": "plenary",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Sala del Consiglio",
            "submit_once": token,
        },
    )
    assert accepted.status_code == 302
    assert Meeting.objects.filter(title="Senza data").count() == 1


def test_every_post_form_carries_a_token(staff_client):
    page = staff_client.get(reverse("meetings:create")).content.decode()
    assert page.count('name="submit_once"') == 1
