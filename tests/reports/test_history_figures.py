"""Hand-made histories with answers counted by hand from the rules, for the figures issue 14 fixed.

Every expected number below was worked out on paper from the history written in the test; none is
computed by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Attendance
from members.models import Area, LegalForm, MembershipEvent, OrganisationProfileRecord, ResourceKind, Sector
from members.models import ResourceAvailability as Availability
from reports.figures import compute_figures
from tests.factories import (
    InitiativeFactory,
    InitiativeYearFactory,
    LessonFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    ResourceFactory,
    TrainingSessionFactory,
)


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hour, minute))


def org_with_history(name: str, *events: tuple[dt.datetime, str]):
    """An organisation whose status history is exactly `events` (when, to status)."""
    org = OrganisationFactory(name=name, status="pending")
    previous = ""
    for when, to_status in events:
        MembershipEvent.objects.create(organisation=org, from_status=previous, to_status=to_status, at=when)
        previous = to_status
    org.status = previous
    org.save(update_fields=["status"])
    return org


def joined(when: dt.datetime) -> list[tuple[dt.datetime, str]]:
    return [(when, "pending"), (when, "active")]


@pytest.fixture
def flow_history(db):
    """2025 seen from the rules (members at 1 January: A, B, D, F).

    A: member since 2023, suspended 10 Feb 2025, reinstated 5 May 2025.
    B: member since 2024, suspended 1 Mar 2025, withdrew while suspended 1 Jun 2025.
    C: joined 20 Jan 2025, withdrew 1 Apr 2025, applied again and approved 15 Jul 2025.
    D: member since 2022, withdrew at 23:30 on 31 Dec 2025.
    E: approved at 00:15 on 1 Jan 2026.
    F: member since 2021, nothing happens.
    G: approved 30 seconds after midnight on 1 Jan 2025.
    H: member since 2022, withdrew at 23:59 on 31 Dec 2024.
    """
    return {
        "A": org_with_history(
            "A", *joined(at(2023, 3, 1)), (at(2025, 2, 10), "suspended"), (at(2025, 5, 5), "active")
        ),
        "B": org_with_history(
            "B", *joined(at(2024, 4, 1)), (at(2025, 3, 1), "suspended"), (at(2025, 6, 1), "withdrawn")
        ),
        "C": org_with_history(
            "C",
            (at(2025, 1, 10), "pending"),
            (at(2025, 1, 20), "active"),
            (at(2025, 4, 1), "withdrawn"),
            (at(2025, 7, 1), "pending"),
            (at(2025, 7, 15), "active"),
        ),
        "D": org_with_history("D", *joined(at(2022, 5, 1)), (at(2025, 12, 31, 23, 30), "withdrawn")),
        "E": org_with_history("E", (at(2025, 12, 20), "pending"), (at(2026, 1, 1, 0, 15), "active")),
        "F": org_with_history("F", *joined(at(2021, 6, 1))),
        "G": org_with_history(
            "G",
            (at(2024, 12, 20), "pending"),
            (timezone.make_aware(dt.datetime(2025, 1, 1, 0, 0, 30)), "active"),
        ),
        "H": org_with_history("H", *joined(at(2022, 2, 1)), (at(2024, 12, 31, 23, 59), "withdrawn")),
    }


@pytest.mark.django_db
def test_membership_flow_names_every_entry_and_exit_and_adds_up(flow_history):
    m = compute_figures(2025)["membership"]
    assert m["members_at_start"] == 4  # A, B, D, F
    assert (m["joined"], m["rejoined"], m["reinstated"], m["entries"]) == (2, 1, 1, 4)  # C, G; C; A
    assert (m["withdrew"], m["suspended"], m["excluded"], m["exits"]) == (2, 2, 0, 4)  # C, D; A, B
    assert m["members_at_year_end"] == 4  # A, C, F, G
    assert m["members_during_year"] == 6  # A, B, C, D, F, G
    assert m["trend"] == [
        {"year": 2021, "members": 1},
        {"year": 2022, "members": 3},
        {"year": 2023, "members": 4},
        {"year": 2024, "members": 4},
        {"year": 2025, "members": 4},
    ]
    assert [org["name"] for org in compute_figures(2025)["annex"]["organisations"]] == ["A", "C", "F", "G"]


@pytest.mark.django_db
def test_the_preview_says_the_flow_in_words(flow_history, staff_client):
    from tests.factories import AnnualReportFactory

    AnnualReportFactory(year=2025)
    html = staff_client.get("/area-riservata/relazioni/2025/anteprima/").content.decode()
    assert "Al 1° gennaio 2025 il Tavolo contava 4 organizzazioni aderenti." in html
    assert (
        "Nel corso dell&#x27;anno si sono registrati 4 ingressi (prime adesioni: 2; nuove adesioni dopo "
        "un&#x27;uscita: 1; riammissioni dopo una sospensione: 1)"
    ) in html
    assert "e 4 uscite (recessi: 2; sospensioni: 2; esclusioni: 0)." in html
    assert "Al 31 dicembre 2025 il Tavolo contava 4 organizzazioni aderenti." in html


@pytest.mark.django_db
def test_one_member_in_words_is_singular(db):
    org_with_history("Sola", *joined(at(2020, 5, 1)))
    from reports.presentation import membership_texts

    texts = membership_texts(2025, compute_figures(2025)["membership"])
    assert texts["end"] == "Al 31 dicembre 2025 il Tavolo contava 1 organizzazione aderente."


@pytest.mark.django_db
def test_profile_breakdowns_are_those_of_31_december(db, staff):
    sociale, culturale = Sector.objects.get(slug="sociale"), Sector.objects.get(slug="culturale")
    odv = LegalForm.objects.get(slug="organizzazione-di-volontariato-odv")
    aps = LegalForm.objects.get(slug="associazione-di-promozione-sociale-aps")
    centro, pinarella = Area.objects.get(slug="cervia-centro"), Area.objects.get(slug="pinarella")
    org = org_with_history("Cambia profilo", *joined(at(2023, 3, 1)))
    first = OrganisationProfileRecord.objects.create(
        organisation=org, valid_from=at(2023, 3, 1), legal_form=odv, area=centro
    )
    first.sectors.set([sociale])
    # Changed at 23:30 on 31 December 2025: the profile of 31 December 2025 is this one.
    late = OrganisationProfileRecord.objects.create(
        organisation=org, valid_from=at(2025, 12, 31, 23, 30), legal_form=odv, area=pinarella
    )
    late.sectors.set([sociale])
    # Changed in 2026: legal form and sectors; 2025 must not see it.
    later = OrganisationProfileRecord.objects.create(
        organisation=org, valid_from=at(2026, 2, 1), legal_form=aps, area=pinarella
    )
    later.sectors.set([culturale, sociale])
    org.legal_form, org.area = aps, pinarella
    org.save()
    org.sectors.set([culturale, sociale])

    def counts(rows):
        return {row["label"]: row["count"] for row in rows if row["count"]}

    m2024 = compute_figures(2024)["membership"]
    assert counts(m2024["by_area"]) == {"Cervia centro": 1}
    m2025 = compute_figures(2025)["membership"]
    assert counts(m2025["by_sector"]) == {"Sociale": 1}
    assert counts(m2025["by_legal_form"]) == {"Organizzazione di volontariato (ODV)": 1}
    assert counts(m2025["by_area"]) == {"Pinarella": 1}
    assert compute_figures(2025)["annex"]["organisations"] == [
        {
            "name": "Cambia profilo",
            "legal_form": "Organizzazione di volontariato (ODV)",
            "area": "Pinarella",
            "sectors": ["Sociale"],
        }
    ]
    assert counts(compute_figures(2026)["membership"]["by_sector"]) == {"Sociale": 1, "Culturale": 1}


@pytest.mark.django_db
def test_the_profile_service_writes_the_history(db, org_rep):
    from members import services

    org = org_rep.representations.get().organisation
    culturale = Sector.objects.get(slug="culturale")
    assert not org.profile_records.exists()
    services.organisation_profile_update(
        organisation=org,
        by=org_rep,
        data={"area": Area.objects.get(slug="pinarella")},
        sectors=[culturale],
        themes=[],
        fiscal_code=org.fiscal_code,
        legal_form=org.legal_form,
    )
    record = org.profile_records.get()
    assert (record.area.slug, [s.slug for s in record.sectors.all()]) == ("pinarella", ["culturale"])
    # Saving the same profile again writes no new row.
    services.organisation_profile_update(
        organisation=org,
        by=org_rep,
        data={},
        sectors=[culturale],
        themes=[],
        fiscal_code=org.fiscal_code,
        legal_form=org.legal_form,
    )
    assert org.profile_records.count() == 1


@pytest.mark.django_db
def test_resources_counted_if_available_during_the_year(db):
    org = org_with_history("Offre risorse", *joined(at(2022, 1, 10)))

    def resource(kind, *rows):
        item = ResourceFactory(organisation=org, kind=kind, is_active=rows[-1][1])
        for when, available in rows:
            Availability.objects.create(resource=item, at=when, available=available)
        return item

    resource(ResourceKind.SPACE, (at(2024, 1, 10), True), (at(2026, 3, 1), False))  # all of 2025: counts
    resource(ResourceKind.SERVICE, (at(2026, 2, 1), True))  # offered in 2026: not in 2025
    resource(ResourceKind.EQUIPMENT, (at(2025, 3, 1), True), (at(2025, 6, 1), False))  # some of 2025
    resource(ResourceKind.VOLUNTEERS, (at(2023, 1, 1), True), (at(2024, 11, 1), False))  # gone before
    welfare = compute_figures(2025)["welfare"]
    assert {row["label"]: row["count"] for row in welfare["resources_by_kind"]} == {
        "Spazi (sale, saloni, cucine)": 1,
        "Volontari e competenze": 0,
        "Mezzi e attrezzature": 1,
        "Servizi e competenze professionali": 0,
    }


@pytest.mark.django_db
def test_the_resource_service_writes_the_history(db, org_rep):
    from members import services

    org = org_rep.representations.get().organisation
    item = services.resource_create(organisation=org, by=org_rep, data={"kind": "space", "title": "Sala"})
    services.resource_deactivate(resource=item, by=org_rep)
    services.resource_deactivate(resource=item, by=org_rep)  # twice: one row only
    assert list(item.availability_changes.values_list("available", flat=True)) == [True, False]


@pytest.mark.django_db
def test_initiatives_count_only_for_organisations_that_were_members_in_the_year(db):
    gone = org_with_history("Uscita nel 2024", *joined(at(2022, 1, 10)), (at(2024, 6, 1), "withdrawn"))
    late = org_with_history("Aderente da novembre", (at(2025, 10, 1), "pending"), (at(2025, 11, 3), "active"))
    never = OrganisationFactory(name="Mai aderente", status="pending")
    partner = org_with_history("Partner", *joined(at(2022, 1, 10)))
    kept = InitiativeFactory(
        title="Conta", lead_organisation=late, partners=[partner], starts_on=dt.date(2025, 1, 1)
    )
    dropped = InitiativeFactory(title="Non conta", lead_organisation=gone, starts_on=dt.date(2024, 1, 1))
    stranger = InitiativeFactory(title="Estranea", lead_organisation=never, starts_on=dt.date(2025, 1, 1))
    InitiativeYearFactory(initiative=kept, year=2025, people_reached=30, volunteers=4, volunteer_hours=80)
    InitiativeYearFactory(
        initiative=dropped, year=2025, people_reached=500, volunteers=50, volunteer_hours=900
    )
    InitiativeYearFactory(initiative=stranger, year=2025, people_reached=70, volunteers=7, volunteer_hours=70)
    InitiativeFactory(title="Senza dati", lead_organisation=partner, starts_on=dt.date(2025, 2, 1))
    InitiativeFactory(title="Da validare", lead_organisation=partner, status="submitted")
    alone = InitiativeFactory(title="Da sola", lead_organisation=partner, starts_on=dt.date(2025, 3, 1))
    InitiativeYearFactory(initiative=alone, year=2025, people_reached=10, volunteers=1, volunteer_hours=5)
    kept.years.update(budget="17000.75")

    figures = compute_figures(2025)
    welfare = figures["welfare"]
    assert welfare["initiatives_active"] == 3  # Conta, Senza dati, Da sola
    assert welfare["initiatives_reporting"] == 2  # Conta, Da sola
    assert (welfare["people_reached"], welfare["volunteers"], welfare["volunteer_hours"]) == (40, 5, 85)
    assert welfare["budget"] == 17000.75
    # The network: only "Conta" has a partner; "Da sola" and "Senza dati" have none.
    assert (welfare["network"]["organisations"], welfare["network"]["partnerships"]) == (2, 1)
    notes = {note["key"]: note["items"] for note in figures["quality"]}
    assert notes["initiatives_without_figures"] == ["Senza dati"]
    assert notes["initiatives_awaiting_validation"] == ["Da validare"]
    assert notes["initiatives_of_non_members"] == ["Estranea (Mai aderente)", "Non conta (Uscita nel 2024)"]


@pytest.mark.django_db
def test_budget_and_plurals_read_the_italian_way(db, staff_client):
    from tests.factories import AnnualReportFactory

    lead = org_with_history("Capofila", *joined(at(2022, 1, 10)))
    initiative = InitiativeFactory(title="Con budget", lead_organisation=lead, starts_on=dt.date(2025, 1, 1))
    InitiativeYearFactory(initiative=initiative, year=2025, people_reached=1, volunteers=1, volunteer_hours=1)
    initiative.years.update(budget="17000.75")
    course = TrainingSessionFactory(title="Un'ora", lessons=0, status="open")
    LessonFactory(session=course, starts_at=at(2025, 3, 3, 15), ends_at=at(2025, 3, 3, 16))
    AnnualReportFactory(year=2025)
    html = staff_client.get("/area-riservata/relazioni/2025/anteprima/").content.decode()
    assert "17.000,75 euro" in html
    assert "per 1 ora di lezione," in html
    assert "Non è stato rilasciato nessun attestato di frequenza." in html


@pytest.fixture
def training_history(db):
    """Two courses in 2025 and one lesson in 2026.

    Corso A: lessons of 2 h (3 Mar) and 3 h (10 Mar); Anna and Bruno registered (confirmed).
      Register of lesson 1: both present (4 h); lesson 2: Anna present, Bruno absent (3 h).
    Corso B: one lesson of 2 h (5 May) without a register; Anna (same e-mail, other case) and Carla.
    Corso C: its only lesson is on 12 Jan 2026.
    Hours scheduled on lessons with a register: 2 x 2 + 3 x 2 = 10; attended: 4 + 3 = 7 -> 70%.
    """
    from training.models import LessonAttendance

    a = TrainingSessionFactory(title="Corso A", lessons=0, status="open")
    a1 = LessonFactory(session=a, starts_at=at(2025, 3, 3, 15), ends_at=at(2025, 3, 3, 17))
    a2 = LessonFactory(session=a, starts_at=at(2025, 3, 10, 15), ends_at=at(2025, 3, 10, 18))
    anna = RegistrationFactory(session=a, email="anna@example.org")
    bruno = RegistrationFactory(session=a, email="bruno@example.org")
    LessonAttendance.objects.create(registration=anna, lesson=a1, present=True)
    LessonAttendance.objects.create(registration=bruno, lesson=a1, present=True)
    LessonAttendance.objects.create(registration=anna, lesson=a2, present=True)
    LessonAttendance.objects.create(registration=bruno, lesson=a2, present=False)
    b = TrainingSessionFactory(title="Corso B", lessons=0, status="open")
    LessonFactory(session=b, starts_at=at(2025, 5, 5, 9), ends_at=at(2025, 5, 5, 11))
    RegistrationFactory(session=b, email="Anna@Example.org")
    RegistrationFactory(session=b, email="carla@example.org")
    c = TrainingSessionFactory(title="Corso C", lessons=0, status="open")
    LessonFactory(session=c, starts_at=at(2026, 1, 12, 9), ends_at=at(2026, 1, 12, 11))
    RegistrationFactory(session=c, email="dario@example.org")


@pytest.mark.django_db
def test_training_counts_people_and_registrations_and_hours_over_hours(training_history):
    training = compute_figures(2025)["training"]
    assert (training["sessions"], training["hours"]) == (2, 7)  # 2 + 3 + 2 hours
    assert (training["registrations"], training["people"]) == (4, 3)  # Anna twice, Bruno, Carla
    assert (training["hours_scheduled"], training["hours_attended"]) == (10, 7)
    assert training["attendance_rate"] == 70
    assert training["lessons_without_register"] == [{"session": "Corso B", "date": "2025-05-05"}]
    assert [(row["title"], row["registrations"], row["attended"]) for row in training["sessions_list"]] == [
        ("Corso A", 2, 2),
        ("Corso B", 2, 0),
    ]


@pytest.mark.django_db
def test_courses_not_yet_held_are_not_shown_with_no_attendees(training_history, monkeypatch):
    # On 1 March 2025 nothing of 2025 has been held yet.
    monkeypatch.setattr("training.selectors.timezone.now", lambda: at(2025, 3, 1))
    training = compute_figures(2025)["training"]
    assert training["sessions"] == 0 and training["sessions_list"] == []
    assert [row["session"] for row in training["sessions_not_yet_held"]] == ["Corso A", "Corso B"]


@pytest.mark.django_db
def test_meeting_with_attendance_never_marked_held_is_a_warning(db, staff_client):
    from tests.factories import AnnualReportFactory

    pineta = org_with_history("Pineta", *joined(at(2022, 1, 10)))
    meeting = MeetingFactory(title="Seduta di marzo", starts_at=at(2025, 3, 12, 17), status="convened")
    Attendance.objects.create(meeting=meeting, organisation=pineta, present=True)
    MeetingFactory(title="Seduta svolta", starts_at=at(2025, 4, 9, 17), status="held")
    figures = compute_figures(2025)
    assert figures["meetings"]["meetings_held"] == 1
    assert figures["quality"][0] == {
        "key": "meetings_with_attendance_not_held",
        "count": 1,
        "items": ["Seduta di marzo (12 marzo 2025)"],
    }
    AnnualReportFactory(year=2025)
    html = staff_client.get("/area-riservata/relazioni/2025/anteprima/").content.decode()
    assert "Qualità dei dati" in html
    assert "Sedute convocate con presenze registrate ma mai segnate come svolte (non contate): 1" in html
    assert "Seduta di marzo (12 marzo 2025)" in html


@pytest.mark.django_db
def test_a_version_published_before_the_flow_still_reads_right(db):
    from reports.presentation import flow_rows, membership_texts, training_texts

    legacy = {"members_at_year_end": 2, "joined": 1, "withdrawn": 1}
    assert (
        membership_texts(2024, legacy)["end"]
        == "Al 31 dicembre 2024 il Tavolo contava 2 organizzazioni aderenti."
    )
    assert membership_texts(2024, legacy)["start"] == "" and flow_rows(legacy) == []
    text = training_texts(2024, {"sessions": 1, "hours": 3, "participants": 2, "attendance_rate": None})
    assert (
        text["sessions"]
        == "Nel 2024 il Tavolo ha svolto 1 corso, per 3 ore di lezione, con 2 iscrizioni confermate."
    )
