"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tavolo.example.it", "DEBUG": "false"}


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "tavolo.settings", **env})
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.TAVOLO_MUNICIPALITY, "
        "settings.MAILERS['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_defaults_are_safe():
    result = load_settings(**GOOD)
    assert result.returncode == 0, result.stderr
    debug, engine, secure_cookie, ssl_redirect, hsts, municipality, mailer = result.stdout.split(" ", 6)
    assert debug == "False"
    assert engine == "django.db.backends.sqlite3"
    assert (secure_cookie, ssl_redirect) == ("True", "True")
    assert int(hsts) >= 31536000
    assert municipality == "Comune"  # first word of "Comune di Cervia"
    assert "smtp" in mailer  # the local mail server unless EMAIL_URL says otherwise


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"EMAIL_URL": "carrier-pigeon://home"}, "EMAIL_URL"),
        ({"MEDIA_ACCEL_REDIRECT": "_media"}, "MEDIA_ACCEL_REDIRECT"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be an integer"),
        ({"CACHE_URL": "memcached://127.0.0.1"}, "CACHE_URL"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND"),
        ({"TAVOLO_MUNICIPALITY": "   "}, "TAVOLO_MUNICIPALITY"),
        # The demo identity provider never runs on a production configuration (DEBUG off).
        ({"TAVOLO_LOGIN_METHODS": "password,demo"}, "demo identity provider only runs with DEBUG=true"),
        ({"TAVOLO_LOGIN_METHODS": "password,facebook"}, "TAVOLO_LOGIN_METHODS"),
        ({"TAVOLO_LOGIN_METHODS": "spid,demo", "DEBUG": "true"}, "demo replaces spid and cie"),
        # SPID and CIE need the relying party's keys, trust anchor and providers (README, SPID and CIE).
        ({"TAVOLO_LOGIN_METHODS": "spid,password"}, "set TAVOLO_OIDC_FED_KEYS_FILE, TAVOLO_OIDC_FED_TRUST"),
        (
            {"TAVOLO_LOGIN_METHODS": "cie", "SITE_URL": "http://tavolo.example.it"},
            "TAVOLO_OIDC_FED_CIE_PROVIDERS",
        ),
    ],
)
def test_bad_values_stop_the_start_up(env, message):
    result = load_settings(**{**GOOD, **env})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_smtp_email_url_and_municipality_are_read():
    result = load_settings(
        **GOOD,
        EMAIL_URL="smtp://user:pw@mail.example.it:587/?tls=True",
        TAVOLO_MUNICIPALITY="Comune di Ravenna",
    )
    assert result.returncode == 0, result.stderr
    assert "smtp.EmailBackend" in result.stdout
    assert "Comune di Ravenna" in result.stdout


def test_development_mode_has_a_key_local_hosts_and_console_mail():
    result = load_settings(DEBUG="true", SECRET_KEY="", ALLOWED_HOSTS="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")
    assert "console" in result.stdout


def test_a_bucket_name_puts_uploads_on_s3_with_signed_links():
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    env = {
        **clean,
        **GOOD,
        "DJANGO_SETTINGS_MODULE": "tavolo.settings",
        "AWS_STORAGE_BUCKET_NAME": "tavolo-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.it",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
    }
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__); print(storages['default'].url('verbali/verbale.pdf'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    kind, url = result.stdout.splitlines()
    assert "S3Storage" in kind
    assert url.startswith("https://s3.example.it/tavolo-media/verbali/verbale.pdf?")
    assert "Signature" in url
