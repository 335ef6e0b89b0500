from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _rules_settings(settings, tmp_path):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://tavolo.comune.example.it"
