from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from members import services
from members.models import DelegateInvitation, ProfileChangeRequest, Representative, Resource
from tests.factories import (
    OrganisationFactory,
    RepresentativeFactory,
    ResourceFactory,
    UserFactory,
    theme,
    valid_partita_iva,
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- outsiders ----------------------------------------------------------------------------------


def _org_pages(org, rep_pk, resource_pk, inv_pk):
    return [
        ("get", reverse("members:my_organisation", args=[org.pk])),
        ("get", reverse("members:profile_edit", args=[org.pk])),
        ("post", reverse("members:profile_edit", args=[org.pk])),
        ("get", reverse("members:transition", args=[org.pk, "withdraw"])),
        ("post", reverse("members:transition", args=[org.pk, "withdraw"])),
        ("get", reverse("members:representatives", args=[org.pk])),
        ("post", reverse("members:representatives", args=[org.pk])),
        ("get", reverse("members:representative_leave", args=[org.pk, rep_pk])),
        ("get", reverse("members:representative_make_primary", args=[org.pk, rep_pk])),
        ("post", reverse("members:invitation_revoke", args=[org.pk, inv_pk])),
        ("get", reverse("members:resources", args=[org.pk])),
        ("get", reverse("members:resource_create", args=[org.pk])),
        ("get", reverse("members:resource_edit", args=[org.pk, resource_pk])),
        ("post", reverse("members:resource_toggle", args=[org.pk, resource_pk])),
    ]


@pytest.mark.django_db
def test_another_organisations_representative_gets_404_everywhere(org, org_rep, other_org_rep_client):
    rep = org.representatives.get()
    resource = ResourceFactory(organisation=org)
    invitation = DelegateInvitation.objects.create(organisation=org, email="x@example.org")
    for method, url in _org_pages(org, rep.pk, resource.pk, invitation.pk):
        response = getattr(other_org_rep_client, method)(url, {"email": "y@example.org", "title": "x"})
        assert response.status_code == 404, (method, url, response.status_code)
    org.refresh_from_db()
    assert org.status == "active"
    assert Resource.objects.get(pk=resource.pk).is_active


@pytest.mark.django_db
def test_staff_pages_refuse_representatives_and_anonymous(
    org, org_rep_client, anonymous, service_referent_client
):
    urls = [
        reverse("members:staff_list"),
        reverse("members:staff_queue"),
        reverse("members:staff_export_csv"),
        reverse("members:staff_export_xlsx"),
        reverse("members:staff_detail", args=[org.pk]),
    ]
    for url in urls:
        assert org_rep_client.get(url).status_code == 403
        assert service_referent_client.get(url).status_code == 403
        assert anonymous.get(url).status_code == 302
    response = org_rep_client.post(
        reverse("members:staff_transition", args=[org.pk, "suspend"]), {"reason": "x"}
    )
    assert response.status_code == 403  # suspending is for staff only, whatever the status
    org.refresh_from_db()
    assert org.status == "active"


@pytest.mark.django_db
def test_resource_search_is_for_staff_reps_and_referents(
    org, org_rep_client, staff_client, service_referent_client
):
    ResourceFactory(organisation=org, title="Sala polivalente")
    url = reverse("members:resource_search")
    for client in (org_rep_client, staff_client, service_referent_client):
        assert "Sala polivalente" in client.get(url).text
    assert _client(UserFactory()).get(url).status_code == 403


# --- staff actions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_approves_from_the_queue_and_the_organisation_appears_in_the_directory(
    staff_client, anonymous, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(
        name="Nuova Onda APS", slug="nuova-onda", status="pending", joined_on=None
    )
    rep = RepresentativeFactory(organisation=organisation)
    assert "Nuova Onda APS" not in anonymous.get(reverse("members:directory")).text
    assert "Nuova Onda APS" in staff_client.get(reverse("members:staff_queue")).text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("members:staff_transition", args=[organisation.pk, "approve"]), {}
        )
    assert response.status_code == 302, response.text[response.text.find("<main") :][:3000]
    organisation.refresh_from_db()
    assert organisation.status == "active"
    assert [m.to for m in mail.outbox] == [[rep.user.email]]
    assert "Nuova Onda APS" in anonymous.get(reverse("members:directory")).text


@pytest.mark.django_db
def test_reject_needs_a_reason_in_the_form(staff_client):
    organisation = OrganisationFactory(status="pending")
    response = staff_client.post(
        reverse("members:staff_transition", args=[organisation.pk, "reject"]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Indica la motivazione" in response.text
    organisation.refresh_from_db()
    assert organisation.status == "pending"


@pytest.mark.django_db
def test_representative_withdraws_with_confirmation(org, org_rep_client):
    page = org_rep_client.get(reverse("members:transition", args=[org.pk, "withdraw"]))
    assert "recesso" in page.text
    response = org_rep_client.post(reverse("members:transition", args=[org.pk, "withdraw"]), {"reason": ""})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == "withdrawn"
    assert org.events.last().to_status == "withdrawn"


@pytest.mark.django_db
def test_export_csv_and_xlsx_follow_the_filters(staff_client):
    OrganisationFactory(name='=HYPERLINK("x")', themes=[theme("anziani")])
    OrganisationFactory(name="Scuola Media Ressi", status="withdrawn", themes=[theme("istruzione")])
    response = staff_client.get(reverse("members:staff_export_csv") + "?theme=anziani")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nome", "Forma giuridica", "Pubblico/privato", "Codice fiscale"]
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("x")'  # no formula injection
    assert rows[1][2] == "Privato"
    assert rows[1][14] == "Aderente"
    response = staff_client.get(reverse("members:staff_export_xlsx") + "?status=withdrawn")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Nome"
    assert [v[0] for v in values[1:]] == ["Scuola Media Ressi"]
    assert values[1][14] == "Receduta"


@pytest.mark.django_db
def test_xlsx_export_keeps_text_as_typed_and_never_as_a_formula(staff_client):
    OrganisationFactory(name='=HYPERLINK("http://evil.example")', phone="+39 0544 123456")
    response = staff_client.get(reverse("members:staff_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    name, phone = sheet.cell(2, 1), sheet.cell(2, header.index("Telefono") + 1)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil.example")', "s")
    assert (phone.value, phone.data_type) == ("+39 0544 123456", "s")
    csv_response = staff_client.get(reverse("members:staff_export_csv"))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


# --- directory and profile ----------------------------------------------------------------------


@pytest.mark.django_db
def test_directory_filters_and_counts(anonymous):
    from members.models import LegalForm, Sector

    OrganisationFactory(name="Casa Amica ODV", themes=[theme("anziani")])
    OrganisationFactory(
        name="Scuola Deledda",
        legal_form=LegalForm.objects.get(slug="istituto-scolastico"),
        sectors=[Sector.objects.get(slug="educativo")],
        themes=[theme("istruzione")],
    )
    OrganisationFactory(name="Nascosta", directory_consent=False)
    OrganisationFactory(name="In attesa", status="pending")
    text = anonymous.get(reverse("members:directory")).text
    assert "Casa Amica ODV" in text and "Scuola Deledda" in text
    assert "Nascosta" not in text and "In attesa" not in text
    assert "Enti pubblici (1)" in text and "Soggetti privati (1)" in text
    text = anonymous.get(reverse("members:directory") + "?public=public").text
    assert "Scuola Deledda" in text and "Casa Amica ODV" not in text
    text = anonymous.get(reverse("members:directory") + "?theme=anziani").text
    assert "Casa Amica ODV" in text and "Scuola Deledda" not in text
    text = anonymous.get(reverse("members:directory") + "?sector=educativo&q=deledda").text
    assert "Scuola Deledda" in text and "Casa Amica ODV" not in text
    # Bad filter values are ignored, never an error.
    assert (
        anonymous.get(reverse("members:directory") + "?sector=nope&page=abc&q=" + "x" * 500).status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_directory_query_count_does_not_grow(anonymous, django_assert_num_queries, count):
    for _n in range(count):
        OrganisationFactory(themes=[theme("anziani"), theme("giovani")])
    # rows + the sectors' and themes' names in one query + the 4 facet counts in one query (which also
    # give the page count) + 3 filter option lists
    with django_assert_num_queries(6):
        response = anonymous.get(reverse("members:directory"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_public_profile_shows_resources_only_when_public(anonymous, org):
    ResourceFactory(organisation=org, title="Pulmino attrezzato")
    url = reverse("members:detail", args=[org.slug])
    assert "Pulmino attrezzato" not in anonymous.get(url).text
    # Saved (not QuerySet.update): the profile's services save, and a save replaces the cached page.
    org.resources_public = True
    org.save(update_fields=["resources_public"])
    assert "Pulmino attrezzato" in anonymous.get(url).text
    org.status = "suspended"
    org.save(update_fields=["status"])
    assert anonymous.get(url).status_code == 404


@pytest.mark.django_db
def test_services_page_lists_referents(anonymous, service_referent):
    text = anonymous.get(reverse("members:services")).text
    assert "Servizi sociali" in text
    assert service_referent.get_full_name() in text
    assert anonymous.get(reverse("members:service_detail", args=["servizi-sociali"])).status_code == 200


# --- delegates and leaving ----------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_valid_link(org, org_rep_client, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        org_rep_client.post(
            reverse("members:representatives", args=[org.pk]),
            {"email": "Delegata@Example.org", "role_in_organisation": "Segretaria"},
        )
    invitation = DelegateInvitation.objects.get()
    assert invitation.email == "delegata@example.org"
    message = mail.outbox[-1]
    assert message.to == ["delegata@example.org"]
    link = next(w for w in message.body.split() if "/invito/" in w)
    path = link.split("127.0.0.1:8000")[-1] if "127.0.0.1:8000" in link else link
    invited = UserFactory(email="delegata@example.org")
    client = _client(invited)
    assert "Accetta l'invito" in client.get(path).text
    response = client.post(path)
    assert response.status_code == 302
    assert Representative.objects.filter(
        organisation=org, user=invited, is_active=True, is_primary=False
    ).exists()
    assert client.post(path).status_code == 400  # used once only


@pytest.mark.django_db
def test_invitation_expired_and_wrong_user(org, org_rep, freezer=None):
    invitation = services.invitation_create(organisation=org, by=org_rep, email="delegato@example.org")
    token = services.invitation_token(invitation)
    path = reverse("members:invitation_accept", args=[token])
    wrong = _client(UserFactory(email="altro@example.org"))
    response = wrong.get(path)
    assert "accedi con quell'indirizzo" in response.text
    wrong.post(path)
    assert not Representative.objects.filter(organisation=org, user__email="altro@example.org").exists()
    # Expired: a token signed eight days ago.
    old = signing.TimestampSigner(salt="members.delegate-invitation")
    import time
    from unittest import mock

    with mock.patch.object(time, "time", return_value=time.time() - 8 * 86400):
        expired = signing.dumps(
            {"i": invitation.pk, "e": invitation.email}, salt="members.delegate-invitation"
        )
    assert old is not None
    right = _client(UserFactory(email="delegato@example.org"))
    response = right.get(reverse("members:invitation_accept", args=[expired]))
    assert response.status_code == 400
    assert "scaduto" in response.text
    assert right.get(reverse("members:invitation_accept", args=["garbage"])).status_code == 400


@pytest.mark.django_db
def test_only_primary_or_staff_invite(org, org_rep):
    delegate = RepresentativeFactory(organisation=org, is_primary=False).user
    with pytest.raises(services.MembershipError):
        services.invitation_create(organisation=org, by=delegate, email="a@example.org")
    assert (
        _client(delegate)
        .post(reverse("members:representatives", args=[org.pk]), {"email": "a@example.org"})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_leaving_rules(org, org_rep, staff):
    primary = org.representatives.get()
    with pytest.raises(services.MembershipError, match="passato a un altro"):
        services.representative_leave(representative=primary, by=org_rep)
    delegate = RepresentativeFactory(organisation=org, is_primary=False)
    services.representative_make_primary(representative=delegate, by=staff)
    primary.refresh_from_db()
    delegate.refresh_from_db()
    assert delegate.is_primary and not primary.is_primary
    services.representative_leave(representative=primary, by=org_rep)
    primary.refresh_from_db()
    assert not primary.is_active and primary.ended_at is not None
    with pytest.raises(services.MembershipError):
        services.representative_leave(representative=delegate, by=delegate.user)  # still primary
    Representative.objects.filter(pk=delegate.pk).update(is_primary=False)
    delegate.refresh_from_db()
    with pytest.raises(services.MembershipError, match="almeno un rappresentante"):
        services.representative_leave(representative=delegate, by=delegate.user)


@pytest.mark.django_db
def test_profile_change_of_fiscal_code_waits_for_staff(
    org, org_rep_client, staff, django_capture_on_commit_callbacks
):
    from members.forms import ProfileForm

    form = ProfileForm(organisation=org)
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data["sectors"] = [s.pk for s in data["sectors"]]
    data["themes"] = [t.pk for t in data["themes"]]
    new_code = valid_partita_iva(99)
    data.update(fiscal_code=new_code, name="Auser Cervia ODV", directory_consent="on")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = org_rep_client.post(reverse("members:profile_edit", args=[org.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    org.refresh_from_db()
    assert org.name == "Auser Cervia ODV"
    assert org.fiscal_code != new_code
    change = ProfileChangeRequest.objects.get()
    assert change.fiscal_code == new_code
    assert staff.email in [m.to[0] for m in mail.outbox]
    _client(staff).post(
        reverse("members:staff_change_decide", args=[org.pk, change.pk]), {"decision": "approve"}
    )
    org.refresh_from_db()
    assert org.fiscal_code == new_code


@pytest.mark.django_db
def test_dashboard_panels(org_rep_client, staff_client, org):
    OrganisationFactory(status="pending")
    assert "Auser Cervia" in org_rep_client.get(reverse("dashboard")).text
    text = staff_client.get(reverse("dashboard")).text
    assert "domanda in attesa di esame" in text


def test_dates_are_local():
    assert dt.date(2026, 11, 25)
