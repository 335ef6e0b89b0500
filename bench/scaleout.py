# ruff: noqa: E501 - the report's prose lines
"""Beyond one machine: two gunicorn servers on different ports sharing PostgreSQL and Redis (docs/scale-out.md).

Measured on the scale data: each server's throughput and CPU per request alone and both at once, a
change made through one server seen through the other on the next request, and the login rate limit
counted across both (it lives in Redis). The page cache for anonymous visitors (core/pagecache.py) is
shared through the same Redis; its invalidation is checked by tests/core/test_pagecache.py.
"""

from __future__ import annotations

import re
import secrets
import threading

import requests

from bench import env as benv
from bench.report import Results
from bench.wrk import run_wrk

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database number of the benchmark's own: flushed
TOO_MANY = re.compile(r"Troppi tentativi di accesso|Too many failed login attempts")


def _tokens(session: requests.Session, url: str) -> tuple[dict[str, str], str]:
    page = session.get(url, timeout=60)
    fields = dict(
        re.findall(
            r'<input type="hidden" name="(csrfmiddlewaretoken|submit_once)" value="([^"]+)"', page.text
        )
    )
    return fields, page.text


def _change_seen_on_the_other(first: str, second: str, cookie: str) -> tuple[bool, str]:
    """A representative proposes a topic through the first server; their list on the second shows it."""
    title = f"Proposta dal primo server {secrets.token_hex(4)}"
    a = requests.Session()
    a.cookies.set("sessionid", cookie)
    fields, form = _tokens(a, f"{first}/area-riservata/proposte/nuova/")
    theme = re.search(r'name="themes" value="(\d+)"', form)
    response = a.post(
        f"{first}/area-riservata/proposte/nuova/",
        data={
            **fields,
            "title": title,
            "description": "Scritta su un server, letta sull'altro.",
            "themes": theme.group(1) if theme else "",
        },
        headers={"Referer": f"{first}/area-riservata/proposte/nuova/"},
        allow_redirects=False,
        timeout=60,
    )
    b = requests.Session()
    b.cookies.set("sessionid", cookie)
    seen = title in b.get(f"{second}/area-riservata/proposte/", timeout=60).text
    return (
        response.status_code == 302 and seen,
        f"POST answered {response.status_code}; on the other server: {'shown' if seen else 'NOT shown'}",
    )


def _failed_logins_shared(first: str, second: str, email: str) -> tuple[bool, str]:
    """Three failed logins on one server, two on the other: the sixth attempt is refused (Redis)."""

    def attempt(base: str, password: str) -> str:
        s = requests.Session()
        fields, _page = _tokens(s, f"{base}/account/login/")
        r = s.post(
            f"{base}/account/login/",
            data={**fields, "login": email, "password": password},
            headers={"Referer": f"{base}/account/login/"},
            allow_redirects=False,
            timeout=60,
        )
        return r.text

    for base in (first, first, first, second, second):
        attempt(base, "una-password-sbagliata")
    refused = bool(TOO_MANY.search(attempt(second, "ancora-sbagliata")))
    return refused, "sixth attempt on the second server " + ("refused" if refused else "NOT refused")


def _throughput(
    bases: list[str], path: str, duration: int, headers: dict | None = None
) -> tuple[float, float, float]:
    """Requests/s summed over the servers (wrk on each at once), CPU ms per request, worst p99."""
    results = {}
    cpu_before = {b: benv.server_cpu_seconds(b) for b in bases}

    def run(base: str) -> None:
        results[base] = run_wrk(f"{base}{path}", duration=duration, connections=4, headers=headers)

    threads = [threading.Thread(target=run, args=(b,)) for b in bases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu = sum(benv.server_cpu_seconds(b) - cpu_before[b] for b in bases)
    requests_done = sum(r.requests for r in results.values())
    rps = sum(r.requests_per_s for r in results.values())
    p99 = max(r.latency_ms.get("99", float("nan")) for r in results.values())
    return rps, cpu * 1000 / requests_done if requests_done else float("nan"), p99


def scale_out(results: Results, database_url: str, probe: dict, *, duration: int) -> None:
    title = "(f) Scale-out: two gunicorn servers sharing PostgreSQL and Redis"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    except Exception as exc:  # reported, not raised: the rest of the run stands
        results.sections.append((title, [f"Not measured: Redis is not reachable ({exc})."]))
        results.misses.append("scale-out: not measured (no Redis on 127.0.0.1:6379)")
        return
    env = benv.production_env(database_url, CACHE_URL=REDIS_URL)
    lines = [
        "Two gunicorn processes (2 workers each) on different ports, the same PostgreSQL database (the scale data) "
        f"and the same Redis (`CACHE_URL={REDIS_URL}`), no proxy in front; wrk runs against each server at once.",
        "",
        "| what | path | requests/s (sum) | CPU ms per request | p99 ms (worst) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    with benv.gunicorn(env) as first, benv.gunicorn(env) as second:
        half = max(1, duration // 2)
        rows = [("trivial view, one server", [first], "/bench/ping/", None)]
        rows.append(("trivial view, both servers", [first, second], "/bench/ping/", None))
        rows.append(("directory, one server", [first], "/organizzazioni/", None))
        rows.append(("directory, both servers", [first, second], "/organizzazioni/", None))
        if "staff" in probe["cookies"]:
            cookie = {"Cookie": f"sessionid={probe['cookies']['staff']}"}
            rows.append(("staff dashboard, both servers", [first, second], "/area-riservata/", cookie))
        for label, bases, path, headers in rows:
            rps, cpu_ms, p99 = _throughput(bases, path, half, headers)
            lines.append(f"| {label} | `{path}` | {rps:.0f} | {cpu_ms:.2f} | {p99:.1f} |")
        lines.append("")
        checks = []
        if "org_rep" in probe["cookies"]:
            checks.append(
                (
                    "a change made through one server is seen through the other on the next request",
                    *_change_seen_on_the_other(first, second, probe["cookies"]["org_rep"]),
                )
            )
        checks.append(
            (
                "failed logins are counted across both servers (allauth's rate limit in Redis)",
                *_failed_logins_shared(first, second, "persona00010@scala.example.org"),
            )
        )
        for label, ok, detail in checks:
            lines.append(f"- {label}: {'yes' if ok else '**NO**'} ({detail})")
            if not ok:
                results.misses.append(f"scale-out: {label}: {detail}")
    lines += [
        "- the anonymous page cache shared through Redis (its version key seen by both servers): built on another "
        "branch; the lead adds its figures here after merging.",
    ]
    redis.Redis.from_url(REDIS_URL).flushdb()
    results.sections.append((title, lines))
