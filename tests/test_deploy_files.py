"""deploy/ and the README cannot drift apart: the files name every setting, command and service.

`make deploy-check` runs the files themselves; these tests hold them to the README and the code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()


def _production_section() -> str:
    return README.split("## Production\n", 1)[1].split("\n## ", 1)[0]


def _readme_settings() -> set[str]:
    table = README.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def _unit(path: Path) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key, []).append(value)
    return keys


def test_the_environment_template_names_every_setting_of_the_readme():
    template = (DEPLOY / "tavolo.env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, re.M))
    readme = _readme_settings()
    assert {"DATABASE_URL", "SECRET_KEY", "EMAIL_URL", "BEHIND_PROXY", "MEDIA_ACCEL_REDIRECT"} <= readme
    assert readme - named == set()


def test_the_environment_template_is_production():
    template = (DEPLOY / "tavolo.env.example").read_text()
    for line in (
        "DEBUG=false",
        "BEHIND_PROXY=true",
        "TASKS_BACKEND=database",
        "TAVOLO_REQUIRE_STAFF_MFA=true",
    ):
        assert re.search(rf"^{line}$", template, re.M), line


def test_the_environment_template_is_a_valid_production_configuration():
    sys.path.insert(0, str(DEPLOY))
    try:
        from check_files import read_env_file
    finally:
        sys.path.remove(str(DEPLOY))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DEBUG", "SECRET_KEY"))}
    env.update(read_env_file(DEPLOY / "tavolo.env.example"))
    env["DJANGO_SETTINGS_MODULE"] = "tavolo.settings"
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.SECURE_PROXY_SSL_HEADER[0], settings.MEDIA_ACCEL_REDIRECT, "
        "settings.TASKS['default']['BACKEND'], settings.CACHES['default']['BACKEND'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False",
        "HTTP_X_FORWARDED_PROTO",
        "/_media/",
        "django_tasks_db.DatabaseBackend",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_the_readme_lists_the_setup_commands_the_check_runs():
    sys.path.insert(0, str(DEPLOY))
    try:
        from check_stack import SETUP_COMMANDS
    finally:
        sys.path.remove(str(DEPLOY))
    production = _production_section()
    assert len(SETUP_COMMANDS) == 3
    for command in SETUP_COMMANDS:
        assert f".venv/bin/python {command}\n" in production, command
    assert "make deploy-check" in production and "deploy/" in production


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").glob("*.service")))
def test_each_service_runs_a_command_of_the_portal_with_the_environment_file(unit):
    keys = _unit(DEPLOY / "systemd" / unit)
    assert keys["EnvironmentFile"] == ["/etc/tavolo/tavolo.env"]
    assert keys["WorkingDirectory"] == ["/srv/tavolo/app"]
    assert keys["User"] == ["tavolo"]
    command = keys["ExecStart"][0].split()
    if command[0].endswith("/gunicorn"):
        assert command[1] == "tavolo.wsgi:application"
    else:
        assert command[:2] == ["/srv/tavolo/app/.venv/bin/python", "manage.py"]
        assert command[2] in get_commands(), f"{unit}: no management command {command[2]!r}"


def test_every_timer_starts_a_service_and_the_readme_enables_it():
    timers = sorted(p.stem for p in (DEPLOY / "systemd").glob("*.timer"))
    assert timers == [
        "tavolo-backup",
        "tavolo-decision-reminders",
        "tavolo-render-report-pdfs",
        "tavolo-routing-reminders",
        "tavolo-send-emails",
        "tavolo-training-reminders",
    ]
    production = " ".join(_production_section().split())
    for name in timers:
        assert (DEPLOY / "systemd" / f"{name}.service").exists()
        assert f"{name}.timer" in production
    assert "tavolo-gunicorn tavolo-worker" in production


def test_nginx_waits_for_gunicorn_as_long_as_gunicorn_lets_a_request_run():
    site = (DEPLOY / "nginx" / "tavolo.conf").read_text()
    gunicorn = _unit(DEPLOY / "systemd" / "tavolo-gunicorn.service")["ExecStart"][0]
    assert re.search(r"--timeout (\d+)", gunicorn).group(1) == "60"
    assert re.search(r"proxy_read_timeout (\S+);", site).group(1) == "60s"
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "client_max_body_size 12m;" in site
