"""The pages every cross-cutting check visits (axe, W3C checker, query counts), and the data they show.

One list, so that a new page is checked by all three at once. A contract path whose view has not been
written yet is reported as skipped ("not built yet"), never as passing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve

from members.models import OrganisationStatus, Sector, Theme
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
            pytest.skip(f"{self.id}: no data for this page yet (its app has no factory/model yet)")
        try:
            resolve(path.split("?", 1)[0])
        except Resolver404:
            pytest.skip(f"{self.id}: {path} is not built yet")
        return path


def _obj_path(key: str, fmt: Callable[[object], str]) -> Callable[[World], str | None]:
    def _path(world: World) -> str | None:
        obj = world.objects.get(key)
        return fmt(obj) if obj is not None else None

    return _path


PAGES: list[Page] = [
    Page("home", "/"),
    Page("regulation", "/regolamento/"),
    Page("accessibility", "/accessibilita/"),
    Page("privacy", "/privacy/"),
    Page("login", "/account/login/"),
    Page("signup", "/account/signup/"),
    Page("password-reset", "/account/password/reset/"),
    Page("join", "/aderisci/"),
    Page("directory", "/organizzazioni/"),
    Page("directory-filtered", "/organizzazioni/?sector=sociale"),
    Page("organisation", _obj_path("organisation", lambda o: f"/organizzazioni/{o.slug}/")),
    Page("services", "/servizi/"),
    Page("meetings", "/incontri/"),
    Page("meeting", _obj_path("meeting", lambda m: f"/incontri/{m.pk}/")),
    Page("training", "/formazione/"),
    Page("training-session", _obj_path("training_session", lambda s: f"/formazione/{s.pk}/")),
    Page("reports", "/relazioni/"),
    Page("report", _obj_path("report", lambda r: f"/relazioni/{r.year}/")),
    # Signed-in pages.
    Page("dashboard-assessore", "/area-riservata/", role="assessore", public=False),
    Page("dashboard-staff", "/area-riservata/", role="staff", public=False),
    Page("dashboard-service-referent", "/area-riservata/", role="service_referent", public=False),
    Page("dashboard-representative", "/area-riservata/", role="org_rep", public=False),
]

PUBLIC_PAGES = [p for p in PAGES if p.public]


def page_params(pages: list[Page]) -> list:
    return [pytest.param(p, id=p.id) for p in pages]


def _try_factory(module: str, name: str):
    """A factory another engineer may add to tests/factories.py later; None until then."""
    import tests.factories as factories

    return getattr(factories, name, None)


def build_world(size: int = 1) -> World:
    """Demo-like data: `size` scales every list (organisations, services, resources, ...)."""
    world = World()
    sectors = list(Sector.objects.filter(is_active=True))
    themes = list(Theme.objects.filter(is_active=True))
    world.users["assessore"] = UserFactory(is_staff=True, roles=[Role.PRESIDENZA])
    world.users["staff"] = UserFactory(is_staff=True, roles=[Role.SEGRETERIA])
    referent = UserFactory(roles=[Role.SERVICE_REFERENT])
    world.users["service_referent"] = referent
    for i in range(3 * size):
        service = MunicipalServiceFactory(competences=themes[i % len(themes) : i % len(themes) + 2])
        if i == 0:
            service.referents.add(referent)
    organisations = []
    for i in range(6 * size):
        org = OrganisationFactory(
            sectors=sectors[i % len(sectors) : i % len(sectors) + 2],
            themes=themes[i % len(themes) : i % len(themes) + 2],
            directory_consent=True,
            joined_on=dt.date(2021 + i % 5, 1 + i % 12, 1 + i % 27),
        )
        organisations.append(org)
        rep = RepresentativeFactory(organisation=org)
        ResourceFactory(organisation=org)
        if i == 0:
            world.users["org_rep"] = rep.user
            world.objects["organisation"] = org
    for _ in range(2 * size):
        OrganisationFactory(status=OrganisationStatus.PENDING)
    _build_other_apps(world, size, organisations)
    return world


def _build_other_apps(world: World, size: int, organisations: list) -> None:
    """Meetings, training and reports: built with their factories once those apps provide them."""
    for key, factory_name, model in (
        ("meeting", "MeetingFactory", "meetings.Meeting"),
        ("training_session", "TrainingSessionFactory", "training.TrainingSession"),
        ("report", "AnnualReportFactory", "reports.AnnualReport"),
    ):
        factory = _try_factory("tests.factories", factory_name)
        try:
            apps.get_model(model)
        except LookupError:
            continue
        if factory is None:
            continue
        objs = [factory() for _ in range(3 * size)]
        world.objects[key] = objs[0]
