from __future__ import annotations

import json

import pytest

from members import privacy, selectors
from members.models import DelegateInvitation, Representative
from tests.factories import RepresentativeFactory


@pytest.mark.django_db
def test_personal_data_and_anonymise_keep_the_history(org, org_rep, service_referent):
    delegate = RepresentativeFactory(organisation=org, is_primary=False, role_in_organisation="Tesoriere")
    DelegateInvitation.objects.create(organisation=org, email=delegate.user.email)
    data = privacy.personal_data(delegate.user)
    json.dumps(data)
    assert data["representations"][0]["organisation"] == "Auser Cervia"
    assert data["invitations_received"][0]["email"] == delegate.user.email
    events_before = org.events.count()
    privacy.anonymise(delegate.user)
    delegate.refresh_from_db()
    assert not delegate.is_active and delegate.role_in_organisation == ""
    assert not DelegateInvitation.objects.filter(email=delegate.user.email).exists()
    assert org.events.count() == events_before
    assert org in selectors.organisations_active_on(org.joined_on)
    assert Representative.objects.filter(organisation=org, is_active=True).count() == 1
    privacy.anonymise(service_referent)
    assert not service_referent.municipal_services.exists()
