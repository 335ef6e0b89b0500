"""Pages: public report and archive, drafts not public, the publishing desk, initiatives' permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from reports.models import (
    AnnualReport,
    Initiative,
    InitiativeEvent,
    InitiativeStatus,
    ReportVersion,
)
from reports.services import report_publish
from tests.factories import AnnualReportFactory, InitiativeFactory, OrganisationFactory, theme


@pytest.fixture
def published(history, staff, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 test")
    report = AnnualReportFactory(year=2024)
    with django_capture_on_commit_callbacks(execute=True):
        return report_publish(report=report, by=staff, note="")


@pytest.mark.django_db
def test_report_page_shows_frozen_figures_charts_and_tables(published, client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/relazioni/2024/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Documento di sintesi 2024" in html
    assert "Le organizzazioni aderenti" in html
    assert 'role="img"' in html and '<title id="chart-trend-title">' in html
    assert '<th scope="col">Anno</th>' in html
    assert "Al 31 dicembre 2024 il Tavolo contava 2 organizzazioni aderenti" in html
    assert "Scuola Deledda" in html


@pytest.mark.django_db
def test_report_page_query_count_does_not_grow(
    published, client, staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for n in range(5):
        OrganisationFactory(name=f"Nuova {n}", joined_on=dt.date(2024, 2, 1))
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=published.report, by=staff, note="Aggiunte le nuove aderenti.")
    with django_assert_num_queries(2):
        response = client.get("/relazioni/2024/")
    assert "Al 31 dicembre 2024 il Tavolo contava 7 organizzazioni aderenti" in response.content.decode()
    assert "Versioni precedenti" in response.content.decode()


@pytest.mark.django_db
def test_archive_lists_every_version(
    published, client, staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=published.report, by=staff, note="Seconda edizione corretta.")
    with django_assert_num_queries(1):
        response = client.get("/relazioni/")
    html = response.content.decode()
    assert "Seconda edizione corretta." in html
    # Each version's PDF at its public copy (both are b"%PDF-1.7 test": sha256 eddc31937fbdaf70...).
    for n in (1, 2):
        copy = f"/pubblicati/relazioni/2024/v{n}/eddc31937fbdaf70/documento-di-sintesi-2024-v{n}.pdf"
        assert f'<a href="{copy}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/relazioni/2025/",
        "/relazioni/2025.pdf",
        "/relazioni/2025.csv",
        "/relazioni/2025.json",
        "/area-riservata/relazioni/2025/anteprima/",
        "/area-riservata/relazioni/2025/anteprima.pdf",
        "/area-riservata/relazioni/2025/",
    ],
)
def test_drafts_are_not_public(history, client, org_rep_client, path):
    AnnualReportFactory(year=2025)
    assert client.get(path).status_code in (302, 404)
    # the refusal policy: an unpublished report does not exist for the public (404); the staff-only
    # pages answer 403 to a signed-in representative
    expected = 403 if path.startswith("/area-riservata/") else 404
    assert org_rep_client.get(path).status_code == expected


@pytest.mark.django_db
def test_staff_preview_shows_live_data(history, staff_client):
    AnnualReportFactory(year=2025)
    response = staff_client.get("/area-riservata/relazioni/2025/anteprima/")
    assert response.status_code == 200
    assert "Anteprima della bozza sui dati aggiornati" in response.content.decode()


@pytest.mark.django_db
def test_staff_publish_from_the_desk(history, staff_client, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 test")
    response = staff_client.post("/area-riservata/relazioni/", {"year": 2024})
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2024)
    staff_client.post(
        "/area-riservata/relazioni/2024/",
        {
            "presentation": "Care concittadine e cari concittadini.",
            "context": "",
            "conclusions": "Proseguire.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/area-riservata/relazioni/2024/pubblica/", {"note": ""}, follow=True)
    assert "La versione 1 del documento 2024 è stata pubblicata" in response.content.decode()
    version = ReportVersion.objects.get(report=report)
    assert version.pdf and version.narrative["presentation"] == "Care concittadine e cari concittadini."


@pytest.mark.django_db
def test_publishing_desk_refuses_representatives(history, org_rep_client):
    AnnualReportFactory(year=2024)
    assert org_rep_client.get("/area-riservata/relazioni/").status_code == 403
    assert org_rep_client.post("/area-riservata/relazioni/2024/pubblica/", {"note": ""}).status_code == 403
    assert not ReportVersion.objects.exists()


def _initiative_data(**overrides):
    data = {
        "title": "Emporio solidale",
        "description": "Spesa gratuita per le famiglie in difficoltà.",
        "starts_on": "2025-01-15",
        "ends_on": "",
        "themes": [theme("poverta-e-inclusione-sociale").pk],
        "target_groups": [
            __import__("reports.models", fromlist=["TargetGroup"]).TargetGroup.objects.get(slug="famiglie").pk
        ],
        "areas": [__import__("members.models", fromlist=["Area"]).Area.objects.get(slug="savio").pk],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_representative_declares_and_submits_staff_validates(org_rep, org_rep_client, staff_client):
    organisation = org_rep.representations.get().organisation
    response = org_rep_client.post(
        "/area-riservata/iniziative/nuova/", _initiative_data(lead_organisation=organisation.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    initiative = Initiative.objects.get(title="Emporio solidale")
    assert initiative.lead_organisation == organisation and initiative.status == InitiativeStatus.DRAFT
    org_rep_client.post(
        f"/area-riservata/iniziative/{initiative.pk}/",
        {"year": 2025, "people_reached": 80, "volunteers": 12, "volunteer_hours": 500, "budget": ""},
    )
    assert initiative.years.get(year=2025).people_reached == 80
    org_rep_client.post(f"/area-riservata/iniziative/{initiative.pk}/invia/")
    response = staff_client.post(
        f"/area-riservata/iniziative/{initiative.pk}/rinvia/", {"reason": "Indicate i partner."}, follow=True
    )
    assert "con la tua motivazione" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REJECTED
    org_rep_client.post(f"/area-riservata/iniziative/{initiative.pk}/invia/")
    staff_client.post(f"/area-riservata/iniziative/{initiative.pk}/valida/")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.VALIDATED
    assert list(
        InitiativeEvent.objects.filter(initiative=initiative).values_list("to_status", flat=True)
    ) == ["draft", "submitted", "rejected", "submitted", "validated"]
    # Once validated, the representative can no longer change the description.
    response = org_rep_client.post(
        f"/area-riservata/iniziative/{initiative.pk}/modifica/", _initiative_data(title="Titolo cambiato")
    )
    assert "rivolgiti all" in response.content.decode()
    html = render_to_string("reports/_organisation_initiatives.html", {"organisation": organisation})
    assert "Emporio solidale" in html


@pytest.mark.django_db
def test_representative_cannot_validate_own_initiative(org_rep, org_rep_client):
    initiative = InitiativeFactory(
        lead_organisation=org_rep.representations.get().organisation, status="submitted"
    )
    assert org_rep_client.post(f"/area-riservata/iniziative/{initiative.pk}/valida/").status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "modifica/", "invia/"])
def test_outsider_gets_404(org_rep, other_org_rep_client, suffix):
    initiative = InitiativeFactory(
        lead_organisation=org_rep.representations.get().organisation, status="draft"
    )
    method = other_org_rep_client.post if suffix == "invia/" else other_org_rep_client.get
    assert method(f"/area-riservata/iniziative/{initiative.pk}/{suffix}").status_code == 404
    assert other_org_rep_client.get("/area-riservata/iniziative/").status_code == 200
    assert initiative.title not in other_org_rep_client.get("/area-riservata/iniziative/").content.decode()


@pytest.mark.django_db
def test_partner_reads_but_does_not_write(org_rep, other_org_rep, other_org_rep_client):
    initiative = InitiativeFactory(
        lead_organisation=org_rep.representations.get().organisation,
        status="draft",
        partners=[other_org_rep.representations.get().organisation],
    )
    assert other_org_rep_client.get(f"/area-riservata/iniziative/{initiative.pk}/").status_code == 200
    assert (
        other_org_rep_client.get(f"/area-riservata/iniziative/{initiative.pk}/modifica/").status_code == 403
    )


@pytest.mark.django_db
def test_initiative_list_query_count_does_not_grow(staff, staff_client, django_assert_num_queries):
    InitiativeFactory()
    staff_client.get("/area-riservata/iniziative/")
    # The rows, their count (paginated) and their themes only; the header's unread count is kept after
    # the first visit (core.notifications).
    with django_assert_num_queries(7) as first:
        staff_client.get("/area-riservata/iniziative/")
    InitiativeFactory.create_batch(5)
    with django_assert_num_queries(len(first.captured_queries)):
        staff_client.get("/area-riservata/iniziative/")


@pytest.mark.django_db
def test_initiative_list_is_twenty_five_a_page_and_keeps_the_status(staff_client):
    for i in range(26):
        InitiativeFactory(title=f"Iniziativa numero {i:02d}", status="submitted")
    InitiativeFactory(title="Iniziativa in bozza", status="draft")
    first = staff_client.get("/area-riservata/iniziative/?stato=submitted").content.decode()
    second = staff_client.get("/area-riservata/iniziative/?stato=submitted&page=2").content.decode()
    assert first.count("Iniziativa numero") == 25
    assert second.count("Iniziativa numero") == 1
    assert "Iniziativa in bozza" not in first + second
    assert 'href="?stato=submitted&amp;page=2"' in first


@pytest.mark.django_db
def test_only_validated_initiatives_on_the_organisation_page(org_rep):
    organisation = org_rep.representations.get().organisation
    InitiativeFactory(title="Validata", lead_organisation=organisation)
    InitiativeFactory(title="In bozza", lead_organisation=organisation, status="draft")
    html = render_to_string("reports/_organisation_initiatives.html", {"organisation": organisation})
    assert "Validata" in html and "In bozza" not in html


@pytest.mark.django_db
def test_dashboard_panels(org_rep, org_rep_client, staff_client):
    InitiativeFactory(title="Da validare", status="submitted")
    InitiativeFactory(title="Nostra iniziativa", lead_organisation=org_rep.representations.get().organisation)
    AnnualReportFactory(year=2026)
    staff_html = staff_client.get("/area-riservata/").content.decode()
    assert "Iniziative da validare" in staff_html and "Da validare" in staff_html
    assert "Documento di sintesi 2026" in staff_html
    rep_html = org_rep_client.get("/area-riservata/").content.decode()
    assert "Nostra iniziativa" in rep_html and "Da validare" not in rep_html
    assert "/area-riservata/iniziative/nuova/" in rep_html


@pytest.mark.django_db
def test_privacy_export_and_anonymise(published, staff):
    from reports import privacy

    data = privacy.personal_data(staff)
    assert data["report_versions_published"] == [
        {"year": 2024, "version": 1, "at": published.published_at.isoformat()}
    ]
    privacy.anonymise(staff)
    published.refresh_from_db()
    assert published.published_by is None
    assert published.figures["membership"]["members_at_year_end"] == 2
    assert privacy.personal_data(staff)["report_versions_published"] == []


@pytest.mark.django_db
def test_published_version_keeps_its_html_source(published):
    published.refresh_from_db()
    assert '<html lang="it">' in published.html
    assert "Documento di sintesi 2024" in published.html


@pytest.mark.django_db
def test_validation_and_send_back_are_emailed(
    org_rep, staff, staff_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    initiative = InitiativeFactory(
        title="Orti sociali di Savio",
        lead_organisation=org_rep.representations.get().organisation,
        status="submitted",
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/area-riservata/iniziative/{initiative.pk}/rinvia/", {"reason": "Manca il budget."}
        )
    sent = [m for m in mail.outbox if org_rep.email in m.to]
    assert len(sent) == 1
    assert "Orti sociali di Savio: Rinviata per integrazioni" in sent[0].subject
    assert "Manca il budget." in sent[0].body
    assert f"/area-riservata/iniziative/{initiative.pk}/" in sent[0].body


@pytest.mark.django_db
def test_submission_is_emailed_to_staff(org_rep, org_rep_client, staff, django_capture_on_commit_callbacks):
    from django.core import mail

    initiative = InitiativeFactory(
        lead_organisation=org_rep.representations.get().organisation, status="draft"
    )
    with django_capture_on_commit_callbacks(execute=True):
        org_rep_client.post(f"/area-riservata/iniziative/{initiative.pk}/invia/")
    assert [m.subject for m in mail.outbox if staff.email in m.to] == [
        f"[Tavolo delle Risorse] Iniziativa da validare: {initiative.title}"
    ]
