"""Security headers, a CSP without inline code, a production configuration that passes the deploy checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

# Pages rendered for the inline-code check: public pages for anyone, signed-in pages per role.
PUBLIC_PAGES = ["home", "regolamento", "privacy", "accessibility", "account_login", "account_signup"]
SIGNED_IN_PAGES = ["dashboard", "privacy:home", "mfa_index"]

TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
SAME_ORIGIN_FILE = re.compile(r'\ssrc="/static/[^"]+"')
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def assert_no_inline_code(response) -> None:
    """Scripts are the site's own files (allowed by 'self'), deferred; no <style>, no nonce to give."""
    html = response.text
    assert "nonce-" not in response.headers["Content-Security-Policy"]
    for name, attrs in TAG.findall(html):
        if name.lower() == "script" and 'type="application/ld+json"' in attrs:
            continue
        assert name.lower() == "script", f"<{name}{attrs}>: inline style"
        assert SAME_ORIGIN_FILE.search(attrs), f"<{name}{attrs}>: not a file of the site"
        assert re.search(r"\sdefer\b", attrs), f"<{name}{attrs}>: blocks rendering"
        assert "nonce" not in attrs, f"<{name}{attrs}>: a nonce would make the page differ per response"
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    assert not STYLE_ATTR.search(html), STYLE_ATTR.search(html).group(0)


@pytest.mark.django_db
def test_headers_on_a_public_page(anonymous):
    response = anonymous.get(reverse("home"), secure=True)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "'nonce-" not in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    # No third-party origin anywhere in the policy.
    assert not re.search(r"https?://", policy)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_the_policy_is_the_same_for_every_response(anonymous):
    # No nonce: a page kept in the cache for anonymous visitors must not repeat one.
    first = anonymous.get(reverse("home")).headers["Content-Security-Policy"]
    second = anonymous.get(reverse("home")).headers["Content-Security-Policy"]
    assert first == second


@pytest.mark.django_db
def test_cookies_are_secure_and_http_only(anonymous, org_rep):
    from tests.factories import TEST_PASSWORD

    anonymous.get(reverse("account_login"), secure=True)
    response = anonymous.post(
        reverse("account_login"), {"login": org_rep.email, "password": TEST_PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = anonymous.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_inline_code_without_nonce(anonymous, name):
    response = anonymous.get(reverse(name))
    assert response.status_code == 200
    assert_no_inline_code(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
@pytest.mark.parametrize("who", ["staff_client", "org_rep_client", "service_referent_client"])
def test_signed_in_pages_have_no_inline_code_without_nonce(request, who, name):
    client = request.getfixturevalue(who)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_no_inline_code(response)


def _production_env(**extra: str) -> dict[str, str]:
    # Only the three settings the contract names: the rest of the environment must not help.
    dropped = {"DEBUG", "DATABASE_URL", "SECURE_HSTS_SECONDS", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        SECRET_KEY="a-production-secret-" + "x7Kq2pLm9ZvB4nR8sT1wY6uE3oI5aD0fGhJ",
        ALLOWED_HOSTS="tavolo.comune.example.it",
        DATABASE_URL="sqlite:////tmp/tavolo-deploy-check.sqlite3",
        DJANGO_SETTINGS_MODULE="tavolo.settings",
        **extra,
    )
    return env


@pytest.mark.slow  # a second Django process
def test_production_configuration_passes_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_turn_https_protections_on():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.TAVOLO_REQUIRE_STAFF_MFA)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True", "True", "True"], (
        result.stderr
    )
