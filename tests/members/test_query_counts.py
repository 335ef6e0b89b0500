from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, RepresentativeFactory, ResourceFactory, theme


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int) -> None:
    for _ in range(n):
        org = OrganisationFactory(themes=[theme("anziani")])
        RepresentativeFactory(organisation=org, is_primary=True)
        OrganisationFactory(status="pending")
        ResourceFactory(organisation=org)


# Measured after the person's first page: from then on the header's count of unread notifications is
# kept per person (core.notifications), so it is not among these queries.
PAGES = {
    "members:staff_list": 11,
    "members:staff_queue": 7,
    "members:resource_search": 9,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_staff_pages_query_count_is_pinned_and_flat(staff_client, name):
    url = reverse(name)
    staff_client.get(url)  # the person's first page: their unread count is kept from then on
    _grow(3)
    few = _queries(staff_client, url)
    _grow(27)
    many = _queries(staff_client, url)
    assert few == many == PAGES[name]


@pytest.mark.django_db
def test_organisation_page_query_count_is_flat(org, org_rep_client):
    url = reverse("members:my_organisation", args=[org.pk])
    org_rep_client.get(url)  # the person's first page: their unread count is kept from then on
    few = _queries(org_rep_client, url)
    for _ in range(10):
        RepresentativeFactory(organisation=org, is_primary=False)
    many = _queries(org_rep_client, url)
    assert few == many
