"""The cast of every test: one user per role, each with a signed-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from members.roles import Role
from tests.factories import MunicipalServiceFactory, RepresentativeFactory, UserFactory, theme


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LANGUAGE_CODE = "it"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def enrol_totp(user):
    """Staff must have TOTP set up before using the staff area (tavolo.security)."""
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


def pytest_collection_modifyitems(config, items):
    """Transactional tests flush the database; restore the data migrations' rows around them.

    Roles, reference lists and the first rules are created by data migrations. A transactional test
    (browser journeys, concurrency, backups) empties every table when it ends, so the tests after it
    would find no themes or groups. Serialized rollback restores them, as Django documents.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                    append=False,
                )
        elif {"transactional_db", "live_server"} & set(item.fixturenames):
            item.fixturenames.append("django_db_serialized_rollback")
