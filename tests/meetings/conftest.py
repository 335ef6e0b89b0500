from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from members.models import Theme
from members.roles import Role
from tests.factories import AgendaItemFactory, MeetingFactory, MunicipalServiceFactory, UserFactory


@pytest.fixture(autouse=True)
def _meetings_settings(settings, tmp_path):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://tavolo.comune.example.it"


@pytest.fixture
def rep_org(org_rep):
    return org_rep.representations.get().organisation


@pytest.fixture
def theme_anziani(db) -> Theme:
    return Theme.objects.get(slug="anziani")


@pytest.fixture
def theme_casa(db) -> Theme:
    return Theme.objects.get(slug="casa")


@pytest.fixture
def housing_service(db, theme_casa):
    referent = UserFactory(email="casa@comune.example.it", roles=[Role.SERVICE_REFERENT])
    return MunicipalServiceFactory(
        name="Servizio Politiche abitative",
        slug="politiche-abitative",
        competences=[theme_casa],
        referents=[referent],
    )


@pytest.fixture
def draft_meeting(db):
    start = timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=20)
    return MeetingFactory(title="Plenaria di dicembre", starts_at=start)


@pytest.fixture
def item(draft_meeting, theme_anziani):
    return AgendaItemFactory(
        meeting=draft_meeting,
        position=1,
        title="Solitudine degli anziani d'estate a Milano Marittima",
        themes=[theme_anziani],
    )
