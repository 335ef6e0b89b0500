"""A forged TOTAL_FORMS never makes the registration page build more rows than it allows: the places
still free (ten here), never a thousand."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import TrainingSessionFactory
from training.models import Registration

pytestmark = pytest.mark.django_db


def test_a_huge_total_forms_renders_only_the_rows_the_page_offers(org_rep_client, rep_org):
    session = TrainingSessionFactory(capacity=10)
    page = org_rep_client.get(reverse("training:detail", args=[session.pk])).content.decode()
    assert len(re.findall(r'name="people-\d+-first_name"', page)) == 3

    response = org_rep_client.post(
        reverse("training:register_people", args=[session.pk]),
        {
            "organisation": rep_org.pk,
            "people-TOTAL_FORMS": "999999999",
            "people-INITIAL_FORMS": "0",
            "people-0-first_name": "Anna",
            "people-0-last_name": "Rossi",
            "people-0-email": "anna@example.org",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert len(re.findall(r'name="people-\d+-first_name"', page)) == 10
    assert "Puoi iscrivere al massimo 10 persone alla volta." in page
    assert not Registration.objects.exists()
