from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _staff_without_totp(settings):
    """Staff pages are checked here, not the TOTP enrolment (covered by the trust tests)."""
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
