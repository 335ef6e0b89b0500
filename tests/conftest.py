"""The cast of every test: one user per role, each with a signed-in client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from members.roles import Role
from tests.factories import MunicipalServiceFactory, RepresentativeFactory, UserFactory, theme

# Hypothesis keeps the failing examples it finds in the repository: a failure found on one machine
# replays first on every other one (commit the new files under tests/.hypothesis/examples).
hypothesis_settings.register_profile(
    "tavolo",
    database=DirectoryBasedExampleDatabase(Path(__file__).parent / ".hypothesis" / "examples"),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("tavolo")


def fast_and_quiet_settings() -> dict[str, object]:
    """The settings every test runs with (also used by fixtures wider than one test)."""
    from django.conf import settings

    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "SECURE_SSL_REDIRECT": False,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "LANGUAGE_CODE": "it",
        # No collectstatic before the tests: WhiteNoise serves from the finders instead of warning that
        # STATIC_ROOT does not exist.
        "WHITENOISE_AUTOREFRESH": True,
    }


@pytest.fixture(scope="session", autouse=True)
def _static_from_the_finders() -> None:
    """Before any live server starts (browser and W3C tests): WhiteNoise serves from the finders, as
    no collectstatic runs before the tests."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, _media_root):
    for name, value in fast_and_quiet_settings().items():
        setattr(settings, name, value)
    # Uploads, PDFs and exports written by any test (browser journeys included) never land in ./media.
    settings.MEDIA_ROOT = str(_media_root)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def enrol_totp(user):
    """Staff must have TOTP set up before using the staff area (members.security)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def assessore(db):
    return enrol_totp(UserFactory(email="assessore@example.it", is_staff=True, roles=[Role.PRESIDENZA]))


@pytest.fixture
def staff(db):
    return enrol_totp(UserFactory(email="segreteria@example.it", is_staff=True, roles=[Role.SEGRETERIA]))


@pytest.fixture
def municipal_service(db):
    return MunicipalServiceFactory(
        name="Servizi sociali", slug="servizi-sociali", competences=[theme("anziani")]
    )


@pytest.fixture
def service_referent(db, municipal_service):
    user = UserFactory(email="referente@example.it", roles=[Role.SERVICE_REFERENT])
    municipal_service.referents.add(user)
    return user


@pytest.fixture
def org_rep(db):
    return RepresentativeFactory(organisation__name="Auser Cervia", organisation__slug="auser-cervia").user


@pytest.fixture
def other_org_rep(db):
    return RepresentativeFactory(organisation__name="Altra associazione", organisation__slug="altra").user


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def assessore_client(assessore):
    return _client_for(assessore)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def service_referent_client(service_referent):
    return _client_for(service_referent)


@pytest.fixture
def org_rep_client(org_rep):
    return _client_for(org_rep)


@pytest.fixture
def other_org_rep_client(other_org_rep):
    return _client_for(other_org_rep)


@pytest.fixture(scope="session")
def _reference_snapshot(django_db_setup, django_db_blocker) -> str:
    """The data migrations' rows (roles, sectors, themes, legal forms, rules...), taken once."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (browser journeys, concurrency, backups) commit and are flushed afterwards.

    The flush also empties the tables the data migrations filled, so the next transactional test would
    find no groups or themes. Django's serialized rollback should restore them, but with Playwright's
    greenlet the connection object differs from the one pytest-django serialized; reloading the
    snapshot here whenever a transactional test starts without the data works in every case.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    # Taken at the first transactional test, before any flush: the database is still as migrated.
    snapshot = request.getfixturevalue("_reference_snapshot")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if not Group.objects.exists():
        # The flush's post_migrate recreated content types and permissions with other ids.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(snapshot)


# The slow tier (`make test-slow`, marker `slow`): what starts a browser, a Java checker or other servers,
# or renders whole PDF documents. Everything else is the fast tier, run in parallel on both databases.
SLOW_PATHS = (
    "tests/browser/",  # Playwright journeys and axe accessibility checks in Chromium
    "tests/meetings/test_journey_browser.py",
    "tests/reports/test_browser_publish.py",
    "tests/html/",  # the W3C checker (Java)
    "tests/reports/test_publish.py",  # WeasyPrint renders the whole tagged report PDF
    "tests/reports/test_pdf_wording.py",  # three report PDFs and the training documents, read back
    "tests/performance/test_scale_out.py",  # two gunicorn servers, PostgreSQL and Redis
    "tests/trust/test_backup.py",  # pg_dump/pg_restore into fresh databases
)


def pytest_collection_modifyitems(config, items):
    """Marks the slow tier; every transactional test uses serialized rollback.

    A flush that runs post_migrate re-creates content types with new ids, and the next test that
    restores the migrations' rows would collide with them, hence the serialized rollback.
    """
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        if where.startswith(SLOW_PATHS) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                    append=False,
                )
        elif {"transactional_db", "live_server"} & set(item.fixturenames):
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's Playwright, with Django's ORM allowed beside its event loop.

    Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls there
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set when Playwright starts, not at import: set for
    the whole run it would leak into every subprocess (e.g. `check --deploy`, which rightly refuses it).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
