"""The benchmark's databases, processes and machine description."""

from __future__ import annotations

import contextlib
import os
import platform
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# One key for the whole run: the session cookies made by bench.probe must be valid for gunicorn.
SECRET_KEY = secrets.token_urlsafe(50)


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off, persistent connections) minus HTTPS, which a local run lacks."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "DATABASE_URL", "CACHE_URL", "REDIS_URL", "EMAIL_URL", "TASKS_BACKEND", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="600",
        # The staff dashboards are measured as pages; TOTP enrolment is tested elsewhere.
        TAVOLO_REQUIRE_STAFF_MFA="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        MEDIA_ROOT=os.environ.get("BENCH_MEDIA_ROOT", str(ROOT / "bench/tmp/media")),
    )
    env.update(extra)
    return env


def shown(cmd: list[str], env_keys: tuple[str, ...] = ()) -> str:
    """A command as a person would type it (relative paths, secrets hidden)."""
    text = " ".join(shlex.quote(c) for c in cmd).replace(str(ROOT) + "/", "")
    return text


def manage(args: list[str], env: dict[str, str], *, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fresh_database(name: str) -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards whatever happens."""
    _pg(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG}/{name}"
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def analyze(database_url: str) -> None:
    """Statistics for the planner, as a production database has them (autovacuum's ANALYZE)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


# base URL -> gunicorn master pid, for the CPU time of the server's processes.
_SERVERS: dict[str, int] = {}
_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """The process and its descendants (read from /proc/*/stat: the parent is field 4)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def server_cpu_seconds(base: str) -> float:
    """User + system CPU time of the gunicorn serving `base`: its master and every worker."""
    return process_cpu_seconds(_SERVERS[base])


def process_cpu_seconds(root: int) -> float:
    """User + system CPU time of a running process and its descendants (from /proc)."""
    total = 0
    for pid in _descendants(root):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / _TICKS


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, port: int | None = None) -> Iterator[str]:
    """gunicorn serving the portal; yields its base URL and stops it (by its pid) afterwards."""
    port = port or free_port()
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "tavolo.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    _SERVERS[base] = proc.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/bench/ping/", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        _SERVERS.pop(base, None)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def status_of(url: str, headers: dict[str, str]) -> tuple[int, int]:
    """Status and body size of one GET, without following redirects (a 302 to the login is a failure)."""
    status, body, _headers = get(url, headers)
    return status, len(body)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers (names in lower case; several Set-Cookie one per line) of one GET, no
    redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def _headers(message) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, value in message.items():
            name = name.lower()
            joint = "\n" if name == "set-cookie" else ", "
            found[name] = f"{found[name]}{joint}{value}" if name in found else value
        return found

    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read(), _headers(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, b"", _headers(exc.headers)


def redis_flushed(url: str) -> str | None:
    """Empty the benchmark's own Redis database; None when done, else why it could not be reached."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except Exception as exc:  # reported by the caller: the run goes on without Redis
        return f"{type(exc).__name__}: {exc}"
    return None


def machine(database_url: str) -> dict[str, str]:
    import django
    import psycopg

    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with psycopg.connect(database_url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    gunicorn_version = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/gunicorn"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    return {
        "CPU": f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}",
        "Memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Database": f"PostgreSQL {pg_version} on 127.0.0.1:5432",
        "Server": f"{gunicorn_version}, 2 sync workers, CONN_MAX_AGE=600, DEBUG=false",
        "Load tool": (wrk_version.stdout or wrk_version.stderr).splitlines()[0] if wrk_version else "wrk",
    }
