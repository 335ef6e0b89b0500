"""`make run` keeps staff MFA off only with a notice on every page that says so."""

from __future__ import annotations

import pytest

NOTICE = "accedono senza autenticazione a due fattori (TAVOLO_REQUIRE_STAFF_MFA=false)"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/account/login/", "/incontri/"])
def test_demo_without_staff_mfa_says_so_on_every_page(anonymous, settings, path):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    response = anonymous.get(path)
    assert response.status_code == 200
    assert NOTICE in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/account/login/"])
def test_production_setting_shows_no_notice(anonymous, settings, path):
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    assert NOTICE not in anonymous.get(path).text


@pytest.mark.django_db
def test_staff_area_in_the_demo_shows_it_too(staff_client, settings):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    assert NOTICE in staff_client.get("/area-riservata/").text


@pytest.mark.django_db
def test_demo_data_can_be_seeded_with_staff_mfa_required(settings):
    # `make run TAVOLO_REQUIRE_STAFF_MFA=true`: the demo staff accounts write the demo's history
    # through the services before anyone could set up their authenticator.
    import io

    from django.core.management import call_command

    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Staff accounts must set up an authenticator app" in out.getvalue()
