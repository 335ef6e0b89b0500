"""The office's pages: municipal services and versions of the rules (issue 13), through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from core.models import OutgoingEmail
from members.models import Consent, MunicipalService, OrganisationStatus, RegulationVersion
from tests.factories import (
    AgendaItemFactory,
    MunicipalServiceFactory,
    RepresentativeFactory,
    RoutingFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

SERVICES = "/area-riservata/servizi/"
REGULATION = "/area-riservata/regolamento/"


# --- who may open the pages ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SERVICES, f"{SERVICES}nuovo/", REGULATION, f"{REGULATION}nuova/"])
def test_a_representative_is_refused_and_anonymous_sent_to_login(url, org_rep_client, anonymous):
    assert org_rep_client.get(url).status_code == 403
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/account/login/?next={url}"


@pytest.mark.parametrize("url", [SERVICES, REGULATION])
def test_a_service_referent_is_refused(url, service_referent_client):
    assert service_referent_client.get(url).status_code == 403


# --- municipal services --------------------------------------------------------------------------


def test_staff_create_a_service_choosing_a_referent_found_by_search(staff_client):
    person = UserFactory(first_name="Giulia", last_name="Bassi", email="g.bassi@comune.cervia.ra.it")
    UserFactory(first_name="Marco", last_name="Rossi", email="m.rossi@example.org")
    form = {
        "name": "Ufficio Casa",
        "description": "Assegnazione alloggi ERP.",
        "competences": [theme("anziani").pk],
        "email": "casa@comune.cervia.ra.it",
        "phone": "0544 979111",
        "office": "Piazza Garibaldi 1",
    }
    # The search shows matching accounts only, keeps what was typed and saves nothing.
    response = staff_client.post(f"{SERVICES}nuovo/", {**form, "referent_search": "bassi", "search": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giulia Bassi (g.bassi@comune.cervia.ra.it)" in page
    assert "m.rossi@example.org" not in page
    assert 'value="Ufficio Casa"' in page
    assert not MunicipalService.objects.filter(name="Ufficio Casa").exists()

    response = staff_client.post(f"{SERVICES}nuovo/", {**form, "referents": [person.pk]})
    assert response.status_code == 302
    assert response.headers["Location"] == SERVICES
    service = MunicipalService.objects.get(name="Ufficio Casa")
    assert service.slug == "ufficio-casa"
    assert list(service.referents.all()) == [person]
    assert [t.slug for t in service.competences.all()] == ["anziani"]
    page = staff_client.get(SERVICES).content.decode()
    assert "Ufficio Casa" in page and "Giulia Bassi" in page and "0544 979111" in page


def test_the_search_never_lists_every_account(staff_client):
    UserFactory(email="uno@example.org")
    response = staff_client.post(f"{SERVICES}nuovo/", {"name": "X", "referent_search": "", "search": "1"})
    assert "uno@example.org" not in response.content.decode()


def test_a_duplicate_name_is_a_field_error_with_typed_values_kept(staff_client, municipal_service):
    response = staff_client.post(
        f"{SERVICES}nuovo/", {"name": "servizi sociali", "email": "nuovo@comune.cervia.ra.it"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Esiste già un servizio comunale con questo nome." in page
    assert 'value="nuovo@comune.cervia.ra.it"' in page


def test_staff_edit_a_service(staff_client, municipal_service, service_referent):
    url = f"{SERVICES}{municipal_service.pk}/"
    page = staff_client.get(url).content.decode()
    assert 'value="Servizi sociali"' in page
    assert "referente@example.it" in page  # the current referent is a ticked checkbox
    response = staff_client.post(
        url, {"name": "Servizi sociali", "phone": "0544 000000", "referents": [service_referent.pk]}
    )
    assert response.status_code == 302
    municipal_service.refresh_from_db()
    assert municipal_service.phone == "0544 000000"
    assert list(municipal_service.referents.all()) == [service_referent]


def test_a_retired_service_keeps_its_routings_but_is_offered_no_more(staff_client, municipal_service, client):
    routing = RoutingFactory(service=municipal_service)
    response = staff_client.post(f"{SERVICES}{municipal_service.pk}/ritira/")
    assert response.status_code == 302
    municipal_service.refresh_from_db()
    assert municipal_service.is_active is False
    routing.refresh_from_db()
    assert routing.service_id == municipal_service.pk
    assert "Servizi sociali" not in client.get("/servizi/").content.decode()
    assert client.get("/servizi/servizi-sociali/").status_code == 404
    assert "ritirato" in staff_client.get(SERVICES).content.decode()
    # The routing form of a meeting no longer offers it.
    from meetings.forms import ServiceOverrideForm

    assert municipal_service not in ServiceOverrideForm().fields["service"].queryset
    # And it can be offered again.
    staff_client.post(f"{SERVICES}{municipal_service.pk}/ritira/", {"active": "1"})
    municipal_service.refresh_from_db()
    assert municipal_service.is_active is True


def test_a_representative_cannot_retire_a_service(org_rep_client, municipal_service):
    assert org_rep_client.post(f"{SERVICES}{municipal_service.pk}/ritira/").status_code == 403
    municipal_service.refresh_from_db()
    assert municipal_service.is_active is True


# --- versions of the rules -----------------------------------------------------------------------


def _draft(staff_client: Client) -> RegulationVersion:
    response = staff_client.post(
        f"{REGULATION}nuova/",
        {
            "version": "2.0",
            "title": "Regolamento del Tavolo",
            "effective_from": "2027-01-01",
            "approved_by": "Delibera di Giunta n. 12",
            "body": "## Art. 1\n\nIl Tavolo si riunisce ogni tre mesi.",
        },
    )
    version = RegulationVersion.objects.get(version="2.0")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{REGULATION}{version.pk}/"
    return version


def test_draft_preview_publish_notify_accept(
    staff_client, org_rep, client, django_capture_on_commit_callbacks
):
    suspended = RepresentativeFactory(organisation__status=OrganisationStatus.SUSPENDED).user
    version = _draft(staff_client)
    # The preview renders the text; the draft is not public.
    page = staff_client.get(f"{REGULATION}{version.pk}/").content.decode()
    assert "Il Tavolo si riunisce ogni tre mesi." in page
    assert "Bozza" in page
    assert client.get("/regolamento/versione/2.0/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{REGULATION}{version.pk}/pubblica/", {"effective_from": "2027-02-01"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_published and version.effective_from == dt.date(2027, 2, 1)
    # A second click publishes nothing twice and sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{REGULATION}{version.pk}/pubblica/", {"effective_from": "2027-03-01"})
    version.refresh_from_db()
    assert version.effective_from == dt.date(2027, 2, 1)
    emails = OutgoingEmail.objects.filter(subject__contains="versione 2.0")
    assert [e.to for e in emails] == [org_rep.email]  # not the suspended organisation's representative
    assert suspended.email not in [e.to for e in emails]

    # The public page lists it among the versions; 1.0 is still the one in force until February 2027.
    public = client.get("/regolamento/versione/2.0/")
    assert public.status_code == 200

    # Staff see who has not accepted yet.
    page = staff_client.get(f"{REGULATION}{version.pk}/").content.decode()
    assert "0 rappresentanti su 1 hanno accettato questa versione." in page
    assert "non ancora accettato" in page

    # At the next sign-in the representative sees the acceptance page until they accept.
    rep = Client()
    rep.force_login(org_rep)
    response = rep.get("/area-riservata/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/area-riservata/accetta-regolamento/"
    page = rep.get("/area-riservata/accetta-regolamento/").content.decode()
    assert "Accetto la versione 2.0 del regolamento" in page
    response = rep.post("/area-riservata/accetta-regolamento/")
    assert response.status_code == 302 and response.headers["Location"] == "/area-riservata/"
    rep.post("/area-riservata/accetta-regolamento/")  # a double submit records once
    assert Consent.objects.filter(user=org_rep, kind="regulation", version="2.0").count() == 1
    assert rep.get("/area-riservata/").status_code == 200

    page = staff_client.get(f"{REGULATION}{version.pk}/").content.decode()
    assert "1 rappresentante su 1 ha accettato questa versione." in page


def test_a_published_version_cannot_be_edited(staff_client):
    version = _draft(staff_client)
    staff_client.post(f"{REGULATION}{version.pk}/pubblica/", {"effective_from": "2027-02-01"})
    response = staff_client.post(
        f"{REGULATION}{version.pk}/modifica/",
        {"version": "2.0", "title": "Altro", "effective_from": "2027-01-01", "body": "Altro testo"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title == "Regolamento del Tavolo"


def test_a_start_date_before_the_version_in_force_is_a_field_error(staff_client):
    version = _draft(staff_client)
    response = staff_client.post(f"{REGULATION}{version.pk}/pubblica/", {"effective_from": "2020-01-01"})
    assert response.status_code == 400
    assert "La data di inizio non può precedere quella della versione già pubblicata." in (
        response.content.decode()
    )
    version.refresh_from_db()
    assert version.is_published is False


def test_a_representative_cannot_publish(org_rep_client, staff_client):
    version = _draft(staff_client)
    response = org_rep_client.post(f"{REGULATION}{version.pk}/pubblica/", {"effective_from": "2027-02-01"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.is_published is False


def test_presidenza_may_manage_both(assessore_client):
    assert assessore_client.get(SERVICES).status_code == 200
    assert assessore_client.get(REGULATION).status_code == 200


def test_the_services_list_costs_the_same_for_more_services(staff_client, django_assert_max_num_queries):
    for _n in range(5):
        MunicipalServiceFactory(referents=[UserFactory()], competences=[theme("anziani")])
    AgendaItemFactory()
    with django_assert_max_num_queries(12):
        assert staff_client.get(SERVICES).status_code == 200


def test_the_acceptance_page_sends_on_whoever_has_nothing_to_accept(org_rep_client):
    response = org_rep_client.get("/area-riservata/accetta-regolamento/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/area-riservata/"
