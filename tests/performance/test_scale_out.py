"""Two application servers, one PostgreSQL and one Redis: sessions and rate limits hold across them.

Each gunicorn runs one worker, so with the default per-process cache the five failed logins spread over
the two servers would trip nothing; with Redis (CACHE_URL) the sixth attempt is refused on either.
Skipped with a reason when PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) does not answer.
"""

from __future__ import annotations

import re
import socket
import time

import pytest

from bench import env as benv

REDIS_DB = 13  # a database number of our own: the test flushes it
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
EMAIL = "scale.out@example.org"
PASSWORD = "una-password-per-due-server-2026"
TOO_MANY = re.compile(r"Troppi tentativi di accesso|Too many failed login attempts")

pytestmark = [pytest.mark.postgres]


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    requests = pytest.importorskip("requests")
    if not _answers(5432):
        pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")
    if not _answers(6379):
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    name = f"tavolo_scaleout_{int(time.time())}_{id(requests) % 10000}"
    with benv.fresh_database(name) as database_url:
        static = tmp_path_factory.mktemp("static")
        env = benv.production_env(database_url, CACHE_URL=REDIS_URL, STATIC_ROOT=str(static))
        benv.manage(["collectstatic", "--no-input", "-v", "0"], env)
        benv.manage(["migrate", "--no-input", "-v", "0"], env)
        benv.manage(
            [
                "shell",
                "-c",
                "from allauth.account.models import EmailAddress; from members.models import User; "
                f"u = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}); "
                "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
            ],
            env,
        )
        with benv.gunicorn(env, workers=1) as first, benv.gunicorn(env, workers=1) as second:
            yield first, second
    redis.Redis.from_url(REDIS_URL).flushdb()


def _login(base: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=20)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/account/login/",
        data={"csrfmiddlewaretoken": token, "login": EMAIL, "password": password},
        headers={"Referer": f"{base}/account/login/"},
        allow_redirects=False,
        timeout=20,
    )
    return session, response


def test_session_made_on_one_server_works_on_the_other(two_servers):
    import requests

    first, second = two_servers
    session, response = _login(first, PASSWORD)
    assert response.status_code == 302, response.text[:500]
    cookie = session.cookies.get("sessionid")
    assert cookie
    other = requests.get(
        f"{second}/area-riservata/", cookies={"sessionid": cookie}, allow_redirects=False, timeout=20
    )
    assert other.status_code == 200, f"the second server did not know the session: {other.status_code}"
    anonymous = requests.get(f"{second}/area-riservata/", allow_redirects=False, timeout=20)
    assert anonymous.status_code == 302


def test_failed_login_limit_is_shared_by_both_servers(two_servers):
    first, second = two_servers
    # Five failures, alternating servers: three on the first, two on the second.
    for n in range(5):
        _, response = _login((first, second)[n % 2], "password-sbagliata")
        assert response.status_code == 200 and not TOO_MANY.search(response.text), f"attempt {n + 1}"
    # The sixth attempt, even with the right password, is refused by the server that saw only two.
    _, response = _login(second, PASSWORD)
    assert response.status_code == 200, "a rate-limited login must not sign in"
    assert TOO_MANY.search(response.text), response.text[:800]
