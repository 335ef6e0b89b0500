"""The admin's inlines never build more forms than the page offers, whatever TOTAL_FORMS says."""

from __future__ import annotations

import re

import pytest

from tests.factories import OrganisationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_a_huge_total_forms_on_an_admin_inline_builds_a_bounded_page(client, django_user_model):
    from tests.conftest import enrol_totp

    admin_user = enrol_totp(
        django_user_model.objects.create_superuser(email="admin@example.it", password="x-pass-2026")
    )
    client.force_login(admin_user)
    organisation = OrganisationFactory(name="Pineta ODV")
    RepresentativeFactory(organisation=organisation)
    url = f"/admin/members/organisation/{organisation.pk}/change/"
    page = client.get(url).content.decode()
    prefix = re.search(r'name="([\w-]+)-TOTAL_FORMS" value="1"', page).group(1)

    data = {
        f"{prefix}-TOTAL_FORMS": "999999999",
        f"{prefix}-INITIAL_FORMS": "1",
        "membershipevent_set-TOTAL_FORMS": "0",
        "membershipevent_set-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the change page again, with the errors
    rows = set(re.findall(rf'name="{prefix}-(\d+)-role_in_organisation"', response.content.decode()))
    assert len(rows) == 1 + 10  # the existing representative plus the ten new rows an inline offers
