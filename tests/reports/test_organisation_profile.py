"""The organisation's public profile shows its validated initiatives, with flat queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_profile_lists_validated_initiatives_led_and_partnered(anonymous):
    org = OrganisationFactory(name="Caritas Cervia", slug="caritas-cervia")
    other = OrganisationFactory(name="Auser Cervia", slug="auser")
    InitiativeFactory(title="Emporio solidale", lead_organisation=org)
    InitiativeFactory(title="Estate anziani", lead_organisation=other, partners=[org])
    InitiativeFactory(title="Progetto in bozza", lead_organisation=org, status="draft")
    response, _ = _get(anonymous, reverse("members:detail", args=[org.slug]))
    assert "Emporio solidale" in response.text
    assert "Estate anziani" in response.text
    assert "Partner di Auser Cervia" in response.text
    assert "Progetto in bozza" not in response.text


def test_profile_queries_do_not_grow_with_initiatives(anonymous):
    org = OrganisationFactory(slug="caritas-cervia")
    InitiativeFactory(lead_organisation=org)
    url = reverse("members:detail", args=[org.slug])
    _, few = _get(anonymous, url)
    for _ in range(8):
        InitiativeFactory(lead_organisation=org, partners=[OrganisationFactory()])
    _, many = _get(anonymous, url)
    assert few == many <= 15


@pytest.fixture
def cold(monkeypatch):
    """The anonymous page cache neither serves nor stores: the view runs on every request."""
    import core.pagecache

    monkeypatch.setattr(core.pagecache, "_may_serve", lambda request: False)
    monkeypatch.setattr(core.pagecache, "_may_store", lambda request, response: False)


def test_the_initiatives_section_is_kept_between_visitors(anonymous, cold):
    org = OrganisationFactory(slug="caritas-cervia")
    InitiativeFactory(title="Emporio solidale", lead_organisation=org)
    url = reverse("members:detail", args=[org.slug])
    first, first_queries = _get(anonymous, url)
    second, second_queries = _get(Client(), url)
    assert second.content == first.content
    # The initiatives, their target groups and their areas are read once, not on every request.
    assert second_queries == first_queries - 3


def test_a_write_shows_in_the_kept_section_on_the_next_request(anonymous, cold):
    org = OrganisationFactory(name="Caritas Cervia", slug="caritas-cervia")
    lead = OrganisationFactory(name="Auser Cervia", slug="auser")
    draft = InitiativeFactory(title="Estate anziani", lead_organisation=lead, partners=[org], status="draft")
    url = reverse("members:detail", args=[org.slug])
    response, _ = _get(anonymous, url)
    assert "Estate anziani" not in response.text
    assert "Nessuna iniziativa validata" in response.text
    draft.status = "validated"
    draft.save()
    response, _ = _get(anonymous, url)
    assert "Estate anziani" in response.text
    assert "Partner di Auser Cervia" in response.text
    lead.name = "Auser Ravenna"
    lead.save()
    response, _ = _get(anonymous, url)
    assert "Partner di Auser Ravenna" in response.text
    assert "Auser Cervia" not in response.text
