"""The audit trail records who changed what, and staff can read an object's history."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from members.models import Organisation, Sector
from members.services.profile import organisation_profile_update
from tests.factories import OrganisationFactory


def history_url(obj) -> str:
    return reverse("audit:history", kwargs={"label": obj._meta.label_lower, "pk": obj.pk})


def _rename(organisation: Organisation, *, by, name: str) -> None:
    organisation_profile_update(
        organisation=organisation,
        by=by,
        data={"name": name},
        sectors=[Sector.objects.get(slug="sociale")],
        themes=[],
        fiscal_code=organisation.fiscal_code,
        legal_form=organisation.legal_form,
    )


def test_actor_is_taken_from_the_request():
    middleware = settings.MIDDLEWARE
    # django-auditlog's middleware, recording the address core.security.client_ip gives.
    assert "core.security.ClientAddressAuditlogMiddleware" in middleware
    assert middleware.index("core.security.ClientAddressAuditlogMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


@pytest.mark.django_db
def test_editing_an_organisation_records_the_change_with_the_actor(staff, staff_client):
    organisation = OrganisationFactory(name="Auser Cervia")
    # set_actor is what AuditlogMiddleware does for every signed-in request.
    with set_actor(staff):
        _rename(organisation, by=staff, name="Auser Cervia ODV")
    updates = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE)
    [entry] = [e for e in updates if "name" in e.changes_dict]  # the M2M sets are entries of their own
    assert entry.actor == staff
    assert entry.changes_dict["name"] == ["Auser Cervia", "Auser Cervia ODV"]

    response = staff_client.get(history_url(organisation))
    assert response.status_code == 200
    assert "Cronologia delle modifiche" in response.text
    assert "Auser Cervia ODV" in response.text
    assert str(staff) in response.text


@pytest.mark.django_db
def test_history_queries_do_not_grow_with_entries(staff, staff_client, django_assert_max_num_queries):
    organisation = OrganisationFactory(name="Nome 0")
    with set_actor(staff):
        _rename(organisation, by=staff, name="Nome 1")
    staff_client.get(history_url(organisation))  # warm the content-type cache
    with django_assert_max_num_queries(12) as few:
        staff_client.get(history_url(organisation))
    with set_actor(staff):
        for n in range(2, 12):
            _rename(organisation, by=staff, name=f"Nome {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(history_url(organisation))
    assert "Nome 11" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["org_rep_client", "other_org_rep_client", "service_referent_client"])
def test_others_may_not_read_the_history(request, who):
    organisation = OrganisationFactory()
    client = request.getfixturevalue(who)
    assert client.get(history_url(organisation)).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(anonymous):
    organisation = OrganisationFactory()
    response = anonymous.get(history_url(organisation))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label,pk",
    [
        ("members.organisation", "999999"),
        ("members.nonexistent", "1"),
        ("auth.permission", "1"),
        ("members.organisation", "abc"),
        ("sessions.session", "x"),
    ],
)
def test_unknown_objects_or_unaudited_models_give_404(staff_client, label, pk):
    assert staff_client.get(f"/area-riservata/storico/{label}/{pk}/").status_code == 404


@pytest.mark.django_db
def test_history_link_tag_only_for_staff(staff, org_rep):
    organisation = OrganisationFactory()
    template = Template("{% load audit %}{% history_link obj %}")
    request = RequestFactory().get("/")
    request.user = staff
    assert history_url(organisation) in template.render(Context({"request": request, "obj": organisation}))
    request.user = org_rep
    assert template.render(Context({"request": request, "obj": organisation})) == ""
