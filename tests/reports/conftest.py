"""A small history with known answers, shared by the report tests.

- Pineta ODV (private, sociale, Cervia centro) is a member since 10 January 2022.
- Scuola Deledda (public, educativo, Milano Marittima) joined on 5 May 2023.
- Meteora APS joined on 10 March 2024 and withdrew on 10 October 2024.
- A plenary held on 31 December 2024 at 18:00 with two organisations invited, one present.
- A course with a lesson on 16 December 2024 and one on 13 January 2025 (3 hours each).
- Two validated initiatives active in 2024 (one across sectors), one draft, one that ended in 2023.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Attendance, Invitation
from members.models import Area, LegalForm, MembershipEvent, ResourceKind, Sector
from reports.models import FundingSource, TargetGroup
from tests.factories import (
    AgendaItemFactory,
    InitiativeFactory,
    InitiativeYearFactory,
    LessonFactory,
    MeetingFactory,
    MunicipalServiceFactory,
    OrganisationFactory,
    ResourceFactory,
    RoutingFactory,
    TrainingSessionFactory,
    theme,
)


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hour))


@pytest.fixture
def history(db):
    sociale, educativo = Sector.objects.get(slug="sociale"), Sector.objects.get(slug="educativo")
    pineta = OrganisationFactory(
        name="Pineta ODV",
        joined_on=dt.date(2022, 1, 10),
        sectors=[sociale],
        area=Area.objects.get(slug="cervia-centro"),
    )
    scuola = OrganisationFactory(
        name="Scuola Deledda",
        joined_on=dt.date(2023, 5, 5),
        sectors=[educativo],
        legal_form=LegalForm.objects.get(slug="istituto-scolastico"),
        area=Area.objects.get(slug="milano-marittima"),
    )
    meteora = OrganisationFactory(name="Meteora APS", joined_on=dt.date(2024, 3, 10), sectors=[sociale])
    MembershipEvent.objects.create(
        organisation=meteora, from_status="active", to_status="withdrawn", at=at(2024, 10, 10)
    )
    meteora.status = "withdrawn"
    meteora.save(update_fields=["status"])

    meeting = MeetingFactory(title="Plenaria di fine anno", starts_at=at(2024, 12, 31, 18), status="held")
    Invitation.objects.create(meeting=meeting, organisation=pineta)
    Invitation.objects.create(meeting=meeting, organisation=scuola)
    Attendance.objects.create(meeting=meeting, organisation=pineta, present=True)
    item = AgendaItemFactory(meeting=meeting, themes=[theme("anziani")])
    service = MunicipalServiceFactory(name="Servizi sociali")
    RoutingFactory(agenda_item=item, service=service, answered_at=at(2024, 12, 20))

    course = TrainingSessionFactory(title="Progettare insieme", lessons=0, status="open")
    LessonFactory(session=course, starts_at=at(2024, 12, 16, 15))
    LessonFactory(session=course, starts_at=at(2025, 1, 13, 15))

    regional = FundingSource.objects.get(slug="contributo-regionale")
    own = FundingSource.objects.get(slug="fondi-propri")
    estate = InitiativeFactory(
        title="Estate anziani",
        lead_organisation=pineta,
        partners=[scuola, meteora],
        starts_on=dt.date(2024, 6, 1),
        ends_on=dt.date(2024, 9, 30),
        themes=[theme("anziani")],
        target_groups=[TargetGroup.objects.get(slug="anziani")],
        funding_sources=[regional, own],
        services=[service],
    )
    doposcuola = InitiativeFactory(
        title="Doposcuola solidale",
        lead_organisation=scuola,
        partners=[pineta],
        starts_on=dt.date(2023, 9, 15),
        themes=[theme("minori-e-famiglie"), theme("istruzione")],
        target_groups=[TargetGroup.objects.get(slug="minori"), TargetGroup.objects.get(slug="famiglie")],
        areas=[Area.objects.get(slug="pinarella")],
        funding_sources=[own],
    )
    InitiativeFactory(title="Bozza mai inviata", lead_organisation=pineta, status="draft")
    InitiativeFactory(
        title="Finita nel 2023",
        lead_organisation=pineta,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
    )
    InitiativeYearFactory(
        initiative=estate, year=2024, people_reached=120, volunteers=15, volunteer_hours=600
    )
    InitiativeYearFactory(
        initiative=doposcuola, year=2024, people_reached=40, volunteers=6, volunteer_hours=300
    )
    InitiativeYearFactory(
        initiative=doposcuola, year=2023, people_reached=30, volunteers=5, volunteer_hours=100
    )

    ResourceFactory(organisation=pineta, kind=ResourceKind.SPACE)
    ResourceFactory(organisation=pineta, kind=ResourceKind.VOLUNTEERS)
    ResourceFactory(organisation=meteora, kind=ResourceKind.EQUIPMENT)  # not a member at year end
    ResourceFactory(organisation=scuola, kind=ResourceKind.SPACE, is_active=False)
    return {
        "pineta": pineta,
        "scuola": scuola,
        "meteora": meteora,
        "estate": estate,
        "doposcuola": doposcuola,
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def download(client, path: str) -> tuple[object, bytes]:
    """A published file as a visitor's browser gets it: the public URL, then its public copy (a
    redirect, core.published), read to the end."""
    response = client.get(path, follow=True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content
