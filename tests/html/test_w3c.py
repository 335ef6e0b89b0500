"""Every public page is valid HTML according to the W3C Nu checker (npm `vnu-jar`, run with Java).

The pages are rendered once with Django's test client on demo-like data and checked in one Java run
(starting the JVM costs about two seconds; checking twenty pages, a fraction of that).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.browser.catalogue import PUBLIC_PAGES, build_world, page_params

# The marker makes pytest-django create the test database that the module fixture below renders from.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))

TEST_SETTINGS = {
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "SECURE_SSL_REDIRECT": False,
    "TAVOLO_REQUIRE_STAFF_MFA": False,
    "LANGUAGE_CODE": "it",
}


def _render_all(folder: Path) -> dict[str, str | Path]:
    """Each public page written to folder/<id>.html; a str value is the reason it was not rendered."""
    out: dict[str, str | Path] = {}
    world = build_world()
    for target in PUBLIC_PAGES:
        try:
            path = target.url(world)
        except pytest.skip.Exception as skipped:
            out[target.id] = str(skipped)
            continue
        response = world.client(target.role).get(path)
        if response.status_code != 200:
            out[target.id] = f"FAIL: {path} answered {response.status_code}"
            continue
        file = folder / f"{target.id}.html"
        file.write_bytes(response.content)
        out[target.id] = file
    return out


@pytest.fixture(scope="module")
def vnu_report(django_db_setup, django_db_blocker, tmp_path_factory):
    if shutil.which("java") is None:
        pytest.skip("Java not installed: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        pytest.skip(f"W3C checker not installed ({VNU_JAR}): npm install (vnu-jar is a devDependency)")
    folder = tmp_path_factory.mktemp("w3c")
    with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        rendered = _render_all(folder)
        transaction.set_rollback(True)
    files = [str(f) for f in rendered.values() if isinstance(f, Path)]
    messages: dict[str, list[dict]] = {}
    if files:
        run = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = json.loads(run.stderr or run.stdout or '{"messages": []}')
        for message in report["messages"]:
            name = Path(message.get("url", "").removeprefix("file:")).stem
            messages.setdefault(name, []).append(message)
    return rendered, messages


def _readable(html: str, messages: list[dict]) -> str:
    lines = html.splitlines()
    out = []
    for m in messages:
        line = m.get("lastLine") or 0
        source = lines[line - 1].strip()[:160] if 0 < line <= len(lines) else ""
        out.append(f"- line {line}: {m.get('message')}\n    {source}")
    return "\n".join(out)


@pytest.mark.parametrize("target", page_params(PUBLIC_PAGES))
def test_public_page_is_valid_html(target, vnu_report):
    rendered, messages = vnu_report
    result = rendered[target.id]
    if isinstance(result, str):
        if result.startswith("FAIL"):
            pytest.fail(result)
        pytest.skip(result)
    errors = messages.get(target.id, [])
    assert not errors, f"{target.id}: {len(errors)} HTML error(s)\n" + _readable(result.read_text(), errors)


def test_checker_reports_errors_on_invalid_html(tmp_path):
    """The harness itself: a page with a stray end tag must be reported (so a passing run means something)."""
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("Java or the W3C checker is not installed")
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="it"><head><title>x</title></head><body></div></body></html>')
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert json.loads(run.stderr)["messages"], run.stderr
