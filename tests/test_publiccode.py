"""publiccode.yml: what the Developers Italia catalogue requires (standard 0.4, Italian extension).

The expected keys, types and vocabularies are written here from the standard's text
(https://yml.publiccode.tools, schema.core and schema.it of version 0.4), not read from the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
# A part of the standard's controlled vocabulary (categories-list): the ones a portal like ours may use.
CATEGORIES = {
    "collaboration",
    "communications",
    "content-management",
    "data-collection",
    "digital-citizenship",
    "document-management",
    "event-management",
    "knowledge-management",
    "online-community",
    "project-collaboration",
    "web-collaboration",
    "workflow-management",
}
SCOPES = {"local-authorities", "welfare", "society", "education", "culture", "healthcare"}


@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_top_level_mandatory_keys(publiccode):
    # Strings where the standard says string: an unquoted 0.4 would be a number.
    for key in ("publiccodeYmlVersion", "name", "url", "softwareVersion", "releaseDate"):
        assert isinstance(publiccode[key], str), key
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert publiccode["name"] == "Tavolo delle Risorse"
    assert publiccode["url"].startswith("https://")
    assert publiccode["platforms"] == ["web"]
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] == "standalone/web"
    assert publiccode["softwareType"] in SOFTWARE_TYPES
    assert publiccode["categories"], "categories is mandatory in 0.4"
    assert set(publiccode["categories"]) <= CATEGORIES
    assert set(publiccode["intendedAudience"]["scope"]) <= SCOPES


def test_version_and_release_date_match_the_project(publiccode):
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{publiccode["softwareVersion"]}"' in pyproject
    dt.date.fromisoformat(publiccode["releaseDate"])
    assert f"## [{publiccode['softwareVersion']}]" in (ROOT / "CHANGELOG.md").read_text()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_description_in_italian_and_english(publiccode, lang):
    description = publiccode["description"][lang]
    assert isinstance(description["shortDescription"], str)
    assert 0 < len(description["shortDescription"]) <= 150
    assert "\n" not in description["shortDescription"].strip()
    assert 150 <= len(description["longDescription"]) <= 10000
    assert isinstance(description["features"], list) and description["features"]
    assert all(isinstance(f, str) and 0 < len(f) <= 100 for f in description["features"])
    assert len(description.get("genericName", "")) <= 35


def test_legal_maintenance_localisation(publiccode):
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    # Internal or community maintenance must name at least one contact.
    assert maintenance["contacts"] and all(c["name"] for c in maintenance["contacts"])
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert localisation["availableLanguages"] == ["it", "en"]


def test_depends_on_postgresql_and_python(publiccode):
    names = {d["name"] for d in publiccode["dependsOn"]["open"]}
    assert {"PostgreSQL", "Python"} <= names


def test_italian_extension(publiccode):
    italy = publiccode["it"]
    assert isinstance(italy["countryExtensionVersion"], str)
    assert italy["countryExtensionVersion"] == "0.2"
    assert italy["riuso"]["codiceIPA"] == "c_c553"  # Comune di Cervia: "c_" + cadastral code C553
    # SPID and CIE sign-in (OpenID Connect Federation); no ANPR or pagoPA integration.
    assert italy["piattaforme"] == {"spid": True, "cie": True, "anpr": False, "pagopa": False}


def test_repository_links_point_to_one_repository(publiccode):
    """`url` and the documentation links change together when the public repository is known."""
    url = publiccode["url"]
    assert url.endswith(".git")
    base = url.removesuffix(".git")
    for lang in ("it", "en"):
        assert publiccode["description"][lang]["documentation"] == f"{base}/blob/main/README.md"


def test_a_placeholder_repository_says_so(publiccode):
    """Until the repository is public, `url` uses the reserved .invalid domain and the file says why."""
    from urllib.parse import urlsplit

    host = urlsplit(publiccode["url"]).hostname or ""
    if host.endswith(".invalid"):
        header = (ROOT / "publiccode.yml").read_text(encoding="utf-8").split("publiccodeYmlVersion")[0]
        assert "PLACEHOLDER" in header and publiccode["url"].removesuffix(".git") in header
