# ruff: noqa: E501 - the report's prose lines
"""Beyond one machine: two gunicorn servers on different ports sharing PostgreSQL and Redis (docs/scale-out.md).

Measured on the scale data: each server's throughput and CPU per request alone and both at once, a
change made through one server seen through the other on the next request, the login rate limit
counted across both (it lives in Redis), and the anonymous page cache (core/pagecache.py) shared through
the same Redis: a page stored through one server is a hit on the other, and a change made through one
server shows on the other's next anonymous request.
"""

from __future__ import annotations

import re
import secrets
import threading
from html.parser import HTMLParser

import psycopg
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


class _Forms(HTMLParser):
    """The fields of a page's forms as a browser would submit them unchanged (lists of (name, value))."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._chosen = False
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append([])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.forms[-1].append((self._select, value))
                self._chosen = True
        elif not self.forms or "name" not in a or "disabled" in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select, self._chosen, self._first_option = a["name"], "multiple" in a, None
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            # A single choice with no option selected submits the first option.
            if not self._chosen and self._first_option is not None:
                self.forms[-1].append((self._select, self._first_option))
            self._select = None


def _form_fields(html: str, marker: str) -> list[tuple[str, str]]:
    """The fields of the first form of the page that has a field named `marker`."""
    parser = _Forms()
    parser.feed(html)
    for fields in parser.forms:
        if any(name == marker for name, _value in fields):
            return fields
    return []


def _page_cache_shared(
    first: str, second: str, cookie: str, database_url: str
) -> list[tuple[str, bool, str]]:
    """The page of the representative's organisation, as an anonymous visitor sees it through a proxy that
    passes the same Host to both servers: stored through the first server, served from the cache by the
    second; then the representative changes the description through the first server, and the second
    server's next anonymous answer shows it."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT o.id, o.slug FROM members_representative r JOIN members_user u ON u.id = r.user_id "
            "JOIN members_organisation o ON o.id = r.organisation_id WHERE u.email = %s AND r.is_active "
            "AND o.status = 'active' AND o.directory_consent ORDER BY o.id LIMIT 1",
            ["rappresentante@demo.tavolo.it"],
        ).fetchone()
    if row is None:
        return [
            (
                "the anonymous page cache shared by both servers",
                False,
                "no organisation of the demo representative",
            )
        ]
    pk, slug = row
    public = f"/organizzazioni/{slug}/"
    host = {"Host": "localhost"}  # what a proxy in front of both servers passes on

    def anonymous(base: str) -> tuple[str, str]:
        r = requests.get(f"{base}{public}", headers=host, allow_redirects=False, timeout=60)
        return r.headers.get("X-Page-Cache", "none"), r.text

    stored, _html = anonymous(first)
    served, _html = anonymous(second)
    shared_ok = stored == "miss" and served == "hit"
    checks = [
        (
            "the anonymous page cache is shared: a page stored through one server is served from the cache by the other",
            shared_ok,
            f"`{public}`: first server `X-Page-Cache: {stored}`, then second server `X-Page-Cache: {served}`",
        )
    ]
    token = f"Modifica dal primo server {secrets.token_hex(4)}"
    rep = requests.Session()
    rep.cookies.set("sessionid", cookie)
    edit = f"{first}/area-riservata/organizzazione/{pk}/modifica/"
    fields = _form_fields(rep.get(edit, timeout=60).text, "description")
    data = [(n, f"{v.rstrip()} {token}" if n == "description" else v) for n, v in fields]
    posted = rep.post(edit, data=data, headers={"Referer": edit}, allow_redirects=False, timeout=60)
    after, html = anonymous(second)
    again, html_again = anonymous(first)
    fresh = posted.status_code == 302 and token in html and token in html_again
    checks.append(
        (
            "a change made through one server shows on the other's next anonymous request (no stale cached page)",
            fresh,
            f"description changed through the first server, POST answered {posted.status_code}; second server "
            f"`X-Page-Cache: {after}`, change {'shown' if token in html else 'NOT shown'}; then first server "
            f"`X-Page-Cache: {again}`, change {'shown' if token in html_again else 'NOT shown'}",
        )
    )
    return checks


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
        results.targets.append(("scale-out: two servers sharing Redis", "not measured: no Redis", False))
        return
    # E-mails the checks cause (a proposal received) are kept in memory: no SMTP server here.
    env = benv.production_env(database_url, CACHE_URL=REDIS_URL, EMAIL_URL="memorymail://")
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
        rows.append(("directory (anonymous: the page cache), one server", [first], "/organizzazioni/", None))
        rows.append(
            ("directory (anonymous: the page cache), both servers", [first, second], "/organizzazioni/", None)
        )
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
        if "org_rep" in probe["cookies"]:
            checks += _page_cache_shared(first, second, probe["cookies"]["org_rep"], database_url)
        for label, ok, detail in checks:
            lines.append(f"- {label}: {'yes' if ok else '**NO**'} ({detail})")
            results.targets.append((f"scale-out: {label}", detail, ok))
            if not ok:
                results.misses.append(f"scale-out: {label}: {detail}")
    lines += [
        "",
        "The page-cache checks send `Host: localhost` to both servers, as the proxy in front of them does "
        "(the cache's key holds the host and port the request names).",
    ]
    redis.Redis.from_url(REDIS_URL).flushdb()
    results.sections.append((title, lines))
