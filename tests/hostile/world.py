"""One of everything a form of the portal acts on, so that every form can be posted to as its user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from meetings.models import Decision, Invitation, MinutesStatus
from members.models import RegulationVersion
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    InitiativeFactory,
    MeetingFactory,
    RegistrationFactory,
    ResourceFactory,
    RoutingFactory,
    TopicProposalFactory,
    TrainingSessionFactory,
    theme,
)
from tests.meetings.helpers import past_meeting, with_minutes


@dataclass
class World:
    clients: dict[str, Client]
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(*, staff, org_rep, service_referent, municipal_service) -> World:
    organisation = org_rep.representations.get().organisation
    clients = {"anonymous": Client()}
    for name, user in (("staff", staff), ("org_rep", org_rep), ("referent", service_referent)):
        clients[name] = Client()
        clients[name].force_login(user)
    draft = MeetingFactory(title="Plenaria in bozza")
    draft_item = AgendaItemFactory(meeting=draft, title="Punto in bozza", position=1)
    convened = MeetingFactory(title="Plenaria convocata", status="convened", convened_at=timezone.now())
    AgendaItemFactory(meeting=convened, position=1)
    Invitation.objects.create(meeting=convened, organisation=organisation)
    held = past_meeting(title="Plenaria svolta", organisations=[organisation])
    minutes = with_minutes(held)
    held_item = held.agenda_items.get()
    commented = past_meeting(title="Plenaria commentabile", organisations=[organisation], days_ago=8)
    with_minutes(
        commented,
        status=MinutesStatus.OPEN_FOR_COMMENTS,
        comments_until=timezone.localdate() + dt.timedelta(days=7),
    )
    routed_item = AgendaItemFactory(meeting=convened, position=2, title="Punto instradato")
    routing = RoutingFactory(agenda_item=routed_item, service=municipal_service)
    proposal = TopicProposalFactory(organisation=organisation, proposer=org_rep)
    decision = Decision.objects.create(
        agenda_item=held_item,
        kind="commitment",
        title="Aprire uno sportello",
        owner_kind="service",
        owner_service=municipal_service,
    )
    session = TrainingSessionFactory(title="Primo soccorso", audience="public")
    lesson = session.lessons.get()
    registration = RegistrationFactory(session=session, organisation=organisation)
    initiative = InitiativeFactory(lead_organisation=organisation, status="draft")
    report = AnnualReportFactory(year=2024)
    regulation = RegulationVersion.objects.create(
        version="9.0", title="Regolamento in bozza", body="Testo.", effective_from=dt.date(2027, 1, 1)
    )
    resource = ResourceFactory(organisation=organisation)
    return World(
        clients=clients,
        objects={
            "organisation": organisation,
            "draft": draft,
            "draft_item": draft_item,
            "convened": convened,
            "held": held,
            "minutes": minutes,
            "commented": commented,
            "routing": routing,
            "proposal": proposal,
            "decision": decision,
            "session": session,
            "lesson": lesson,
            "registration": registration,
            "initiative": initiative,
            "report": report,
            "regulation": regulation,
            "resource": resource,
            "service": municipal_service,
            "theme": theme("anziani"),
        },
    )
