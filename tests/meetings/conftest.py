from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from members.models import Theme
from members.roles import Role
from tests.factories import AgendaItemFactory, MeetingFactory, MunicipalServiceFactory, UserFactory


@pytest.fixture(autouse=True)
def _meetings_settings(settings, tmp_path):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://tavolo.comune.example.it"


@pytest.fixture(autouse=True)
def _mail_flag_reset():
    """tavolo.mail remembers "delivery scheduled" on the connection; reset it per test."""
    connection._tavolo_mail_scheduled = False
    yield
    connection._tavolo_mail_scheduled = False


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's capture, then the outbox delivered.

    tavolo.mail schedules one delivery per transaction, seen through the pending on-commit list; a test's
    transaction never commits, so a second capture block would find the first delivery still "pending".
    Delivering after each block gives mail.outbox what a committed request would have sent.
    """
    from tavolo.mail import emails_deliver

    @contextmanager
    def capture(**kwargs):
        with django_capture_on_commit_callbacks(**kwargs) as callbacks:
            yield callbacks
        if kwargs.get("execute"):
            emails_deliver()

    return capture


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
