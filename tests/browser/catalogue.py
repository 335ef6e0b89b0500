"""The pages every cross-cutting check visits (axe, W3C checker, query counts), and the data they show.

One list, so that a new page is checked by all three at once. A path that no longer resolves (a renamed
or removed URL) or a page whose object the world does not build fails the check: it is never skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from members.models import OrganisationStatus, RegulationVersion, Sector, Theme
from members.roles import Role
from tests.factories import (
    MunicipalServiceFactory,
    OrganisationFactory,
    RepresentativeFactory,
    ResourceFactory,
    UserFactory,
)

ROLES = ("anonymous", "assessore", "staff", "service_referent", "org_rep")


@dataclass
class World:
    """What the pages show: built by `build_world(size)` with `size` times the rows."""

    users: dict[str, object] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@dataclass(frozen=True)
class Page:
    id: str
    path: str | Callable[[World], str | None]
    role: str = "anonymous"
    public: bool = True

    def url(self, world: World) -> str:
        path = self.path(world) if callable(self.path) else self.path
        if path is None:
            pytest.fail(f"{self.id}: build_world() builds no object for this page")
        try:
            resolve(path.split("?", 1)[0])
        except Resolver404:
            pytest.fail(f"{self.id}: {path} does not resolve (renamed or removed URL?): update PAGES")
        return path


def _o(key: str, fmt: str) -> Callable[[World], str | None]:
    """A path built from one of the world's objects, e.g. _o("meeting", "/incontri/{pk}/")."""

    def _path(world: World) -> str | None:
        obj = world.objects.get(key)
        return fmt.format(obj=obj, pk=getattr(obj, "pk", None)) if obj is not None else None

    return _path


PAGES: list[Page] = [
    Page("home", "/"),
    Page("regulation", "/regolamento/"),
    Page("accessibility", "/accessibilita/"),
    Page("privacy", "/privacy/"),
    Page("legal", "/note-legali/"),
    Page("login", "/account/login/"),
    Page("signup", "/account/signup/"),
    Page("password-reset", "/account/password/reset/"),
    Page("join", "/aderisci/"),
    Page("directory", "/organizzazioni/"),
    Page("directory-filtered", "/organizzazioni/?sector=sociale"),
    Page("organisation", _o("organisation", "/organizzazioni/{obj.slug}/")),
    Page("services", "/servizi/"),
    Page("service", _o("service", "/servizi/{obj.slug}/")),
    Page("meetings", "/incontri/"),
    Page("meeting", _o("meeting", "/incontri/{pk}/")),
    Page("decisions", "/decisioni/"),
    Page("decisions-filtered", "/decisioni/?status=in_progress&owner=service"),
    Page("decision", _o("decision", "/decisioni/{pk}/")),
    Page("training", "/formazione/"),
    Page("training-session", _o("training_session", "/formazione/{pk}/")),
    Page("reports", "/relazioni/"),
    Page("report", _o("report", "/relazioni/{obj.year}/")),
    # Signed-in pages: each role's dashboard and main work pages.
    Page("dashboard-assessore", "/area-riservata/", role="assessore", public=False),
    Page("dashboard-staff", "/area-riservata/", role="staff", public=False),
    Page("dashboard-service-referent", "/area-riservata/", role="service_referent", public=False),
    Page("dashboard-representative", "/area-riservata/", role="org_rep", public=False),
    Page("staff-organisations", "/area-riservata/organizzazioni/", role="staff", public=False),
    Page("staff-queue", "/area-riservata/organizzazioni/domande/", role="staff", public=False),
    Page(
        "staff-organisation",
        _o("pending_organisation", "/area-riservata/organizzazioni/{pk}/"),
        role="staff",
        public=False,
    ),
    Page("staff-meetings", "/area-riservata/incontri/", role="staff", public=False),
    Page("staff-meeting", _o("draft_meeting", "/area-riservata/incontri/{pk}/"), role="staff", public=False),
    Page(
        "staff-meeting-convened", _o("meeting", "/area-riservata/incontri/{pk}/"), role="staff", public=False
    ),
    Page(
        "staff-meeting-attendance",
        _o("held_meeting", "/area-riservata/incontri/{pk}/presenze/"),
        role="staff",
        public=False,
    ),
    Page(
        "staff-attendance-year",
        lambda world: f"/area-riservata/incontri/presenze/{timezone.localdate().year}/",
        role="staff",
        public=False,
    ),
    Page("staff-proposals", "/area-riservata/proposte/da-decidere/", role="staff", public=False),
    Page("staff-training", "/area-riservata/formazione/", role="staff", public=False),
    Page(
        "staff-training-session",
        _o("training_session", "/area-riservata/formazione/{pk}/"),
        role="staff",
        public=False,
    ),
    Page("staff-reports", "/area-riservata/relazioni/", role="staff", public=False),
    Page(
        "staff-report-edit",
        _o("draft_report", "/area-riservata/relazioni/{obj.year}/"),
        role="staff",
        public=False,
    ),
    Page(
        "staff-report-preview",
        _o("draft_report", "/area-riservata/relazioni/{obj.year}/anteprima/"),
        role="staff",
        public=False,
    ),
    Page("staff-services", "/area-riservata/servizi/", role="staff", public=False),
    Page("staff-service-new", "/area-riservata/servizi/nuovo/", role="staff", public=False),
    Page("staff-service-edit", _o("service", "/area-riservata/servizi/{pk}/"), role="staff", public=False),
    Page("staff-regulation", "/area-riservata/regolamento/", role="staff", public=False),
    Page("staff-regulation-new", "/area-riservata/regolamento/nuova/", role="staff", public=False),
    Page(
        "staff-regulation-draft",
        _o("regulation_draft", "/area-riservata/regolamento/{pk}/"),
        role="staff",
        public=False,
    ),
    Page("referent-routings", "/area-riservata/segnalazioni/", role="service_referent", public=False),
    Page(
        "referent-routing",
        _o("routing", "/area-riservata/segnalazioni/{pk}/"),
        role="service_referent",
        public=False,
    ),
    Page(
        "rep-organisation",
        _o("organisation", "/area-riservata/organizzazione/{pk}/"),
        role="org_rep",
        public=False,
    ),
    Page("rep-decision", _o("organisation_decision", "/decisioni/{pk}/"), role="org_rep", public=False),
    Page("rep-proposals", "/area-riservata/proposte/", role="org_rep", public=False),
    Page("rep-proposal-form", "/area-riservata/proposte/nuova/", role="org_rep", public=False),
    Page("rep-training-session", _o("training_session", "/formazione/{pk}/"), role="org_rep", public=False),
    Page("rep-registrations", "/area-riservata/formazione/iscrizioni/", role="org_rep", public=False),
    Page(
        "rep-resources",
        _o("organisation", "/area-riservata/organizzazione/{pk}/risorse/"),
        role="org_rep",
        public=False,
    ),
    Page("rep-initiatives", "/area-riservata/iniziative/", role="org_rep", public=False),
    # Account and privacy (allauth, trust).
    Page("account-privacy", "/area-riservata/privacy/", role="org_rep", public=False),
    Page("account-email", "/account/email/", role="org_rep", public=False),
    Page("account-password", "/account/password/change/", role="org_rep", public=False),
    Page("account-mfa", "/account/2fa/", role="staff", public=False),
    # What concerns each person (core): notifications and e-mail choices.
    Page("notifications-staff", "/area-riservata/notifiche/", role="staff", public=False),
    Page("notifications-representative", "/area-riservata/notifiche/", role="org_rep", public=False),
    Page("notification-choices", "/area-riservata/notifiche/preferenze/", role="org_rep", public=False),
]

PUBLIC_PAGES = [p for p in PAGES if p.public]


def page_params(pages: list[Page]) -> list:
    return [pytest.param(p, id=p.id) for p in pages]


def build_world(size: int = 1) -> World:
    """Demo-like data: `size` scales every list (organisations, meetings, sessions, initiatives...)."""
    world = World()
    sectors = list(Sector.objects.filter(is_active=True))
    themes = list(Theme.objects.filter(is_active=True))
    world.users["assessore"] = UserFactory(is_staff=True, roles=[Role.PRESIDENZA])
    world.users["staff"] = UserFactory(is_staff=True, roles=[Role.SEGRETERIA])
    referent = UserFactory(roles=[Role.SERVICE_REFERENT])
    world.users["service_referent"] = referent
    services = []
    for i in range(3 * size):
        service = MunicipalServiceFactory(competences=themes[i % len(themes) : i % len(themes) + 2])
        service.referents.add(referent)
        services.append(service)
    world.objects["service"] = services[0]
    world.objects["regulation_draft"] = RegulationVersion.objects.create(
        version="2.0",
        title="Regolamento del Tavolo delle Risorse",
        body="## Art. 1 - Finalità\n\nIl Tavolo mette in rete le risorse del territorio.",
        effective_from=dt.date(2030, 1, 1),
    )
    organisations = []
    for i in range(6 * size):
        org = OrganisationFactory(
            sectors=sectors[i % len(sectors) : i % len(sectors) + 2],
            themes=themes[i % len(themes) : i % len(themes) + 2],
            directory_consent=True,
            resources_public=True,
            joined_on=dt.date(2021 + i % 5, 1 + i % 12, 1 + i % 27),
        )
        organisations.append(org)
        rep = RepresentativeFactory(organisation=org)
        ResourceFactory(organisation=org)
        if i == 0:
            world.users["org_rep"] = rep.user
            world.objects["organisation"] = org
    for i in range(2 * size):
        pending = OrganisationFactory(status=OrganisationStatus.PENDING)
        if i == 0:
            world.objects["pending_organisation"] = pending
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        _meetings(world, size, organisations, services, themes)
        _decisions(world, size, organisations, services, themes)
        _training(world, size, organisations)
        _reports(world, size, organisations)
    _notifications(world, size)
    return world


def _notifications(world: World, size: int) -> None:
    from core.models import Notification

    for role in ("staff", "org_rep"):
        Notification.objects.bulk_create(
            Notification(
                recipient=world.users[role],
                kind="office_topic_proposal" if role == "staff" else "minutes",
                text=f"Nuova proposta di argomento n. {n}",
                url="/area-riservata/proposte/da-decidere/",
                key=f"world-{n}",
                read_at=timezone.now() if n % 2 else None,
            )
            for n in range(12 * size)
        )


def _meetings(world: World, size: int, organisations: list, services: list, themes: list) -> None:
    from meetings.models import Invitation
    from tests import factories as f

    now = timezone.now().replace(microsecond=0)
    rep, org = world.users["org_rep"], world.objects["organisation"]
    for i in range(2 * size):
        meeting = f.MeetingFactory(status="convened", starts_at=now + dt.timedelta(days=20 + i))
        for position in (1, 2):
            item = f.AgendaItemFactory(
                meeting=meeting,
                position=position,
                themes=[themes[(i + position) % len(themes)]],
                proposer_organisation=organisations[(i + position) % len(organisations)],
            )
            routing = f.RoutingFactory(
                agenda_item=item,
                service=services[(i + position) % len(services)],
                referent=world.users["service_referent"],
            )
            world.objects.setdefault("routing", routing)
        world.objects.setdefault("meeting", meeting)
        held = f.MeetingFactory(status="held", starts_at=now - dt.timedelta(days=60 + 30 * i))
        if i == 0:
            for invited in organisations[:3]:
                Invitation.objects.create(meeting=held, organisation=invited)
            world.objects["held_meeting"] = held
        f.TopicProposalFactory(organisation=org, proposer=rep)
    draft = f.MeetingFactory(status="draft", starts_at=now + dt.timedelta(days=50))
    f.AgendaItemFactory(meeting=draft, position=1, themes=[themes[0]])
    world.objects["draft_meeting"] = draft


def _decisions(world: World, size: int, organisations: list, services: list, themes: list) -> None:
    from meetings.models import Decision, DecisionUpdate, Minutes
    from tests import factories as f

    now = timezone.now().replace(microsecond=0)
    staff = world.users["staff"]
    for i in range(2 * size):
        # Close together, so that every size of the world has them in the same year.
        meeting = f.MeetingFactory(status="minutes_approved", starts_at=now - dt.timedelta(days=100 + 5 * i))
        Minutes.objects.create(meeting=meeting, status="approved", approved_at=now, approved_by=staff)
        item = f.AgendaItemFactory(meeting=meeting, position=1, themes=[themes[i % len(themes)]])
        owners = [
            {"owner_kind": "service", "owner_service": services[i % len(services)]},
            {"owner_kind": "organisations"},
            {"owner_kind": "office"},
        ]
        for j, owner in enumerate(owners):
            decision = Decision.objects.create(
                agenda_item=item,
                kind=("service_request", "commitment", "orientation")[j],
                title=f"Decisione {i + 1}.{j + 1}",
                text="Testo della decisione.",
                expected_date=now.date() + dt.timedelta(days=30 * (j - 1)),
                status="in_progress" if j != 2 else "planned",
                **owner,
            )
            decision.themes.set(themes[i % len(themes) : i % len(themes) + 2])
            if owner["owner_kind"] == "organisations":
                decision.owner_organisations.set(organisations[:2])
                world.objects.setdefault("organisation_decision", decision)
            DecisionUpdate.objects.create(decision=decision, to_status="planned", by=staff)
            if decision.status == "in_progress":
                DecisionUpdate.objects.create(
                    decision=decision,
                    from_status="planned",
                    to_status="in_progress",
                    reason="Primo incontro con i servizi svolto.",
                    evidence_url="https://example.it/verbale.pdf",
                    by=staff,
                )
            world.objects.setdefault("decision", decision)


def _training(world: World, size: int, organisations: list) -> None:
    from tests import factories as f

    for i in range(2 * size):
        session = f.TrainingSessionFactory(capacity=30, lessons=2)
        for org in organisations[:3]:
            f.RegistrationFactory(session=session, organisation=org, registered_by=world.users["org_rep"])
        if i == 0:
            world.objects["training_session"] = session


def _reports(world: World, size: int, organisations: list) -> None:
    from reports.services import report_publish
    from tests import factories as f

    for i in range(3 * size):
        f.InitiativeYearFactory(
            initiative=f.InitiativeFactory(lead_organisation=organisations[i % len(organisations)])
        )
    published = f.AnnualReportFactory(year=2024)
    report_publish(report=published, by=world.users["staff"])
    world.objects["report"] = published
    world.objects["draft_report"] = f.AnnualReportFactory(year=2025)
