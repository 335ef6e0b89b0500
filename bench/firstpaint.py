"""First paint of the public pages, measured with Lighthouse on Debian's Chromium (issue 16).

    .venv/bin/python -m bench.firstpaint [--label after] [--runs 1] [--out bench/FIRSTPAINT.md] [--database F]
        [--reports DIR]

Builds a SQLite database with the demo data in a temporary folder, collects the static files there
(DEBUG off: hashed and compressed by WhiteNoise), serves the portal with gunicorn exactly as in
production minus HTTPS, and runs Lighthouse 12.2.3 (performance only) on the five main public pages
(home, directory, an organisation's page, meetings, training), in its mobile and desktop presets.
Prints a Markdown table and, with --out, writes it to the file with the command that reproduces it.
With --reports DIR, every Lighthouse report (JSON) is kept there, to read what costs time.

Lighthouse is an npm package, not a dependency of the portal: it is installed once (npm i -E) into
LIGHTHOUSE_DIR (default ~/.cache/tavolo-lighthouse). Chromium comes from CHROME_PATH
(default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = Path(os.environ.get("LIGHTHOUSE_DIR", Path.home() / ".cache/tavolo-lighthouse"))
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed on first use outside the repository."""
    binary = LIGHTHOUSE_DIR / "node_modules/.bin/lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund"],  # noqa: S607
            cwd=LIGHTHOUSE_DIR,
            check=True,
        )
    return binary


def _env(folder: Path) -> dict[str, str]:
    dropped = {"DEBUG", "DATABASE_URL", "CACHE_URL", "REDIS_URL", "EMAIL_URL", "TASKS_BACKEND", "MEDIA_ROOT"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _server(env: dict[str, str]) -> Iterator[str]:
    port = int(os.environ.get("FIRSTPAINT_PORT") or _free_port())
    process = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "tavolo.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _lighthouse(url: str, preset: str, folder: Path) -> dict[str, float]:
    report = folder / "lighthouse.json"
    command = [
        str(lighthouse_bin()),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={folder / 'chrome'}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    for attempt in range(3):
        # On a busy machine Chromium now and then loses the trace (NO_NAVSTART): the run is repeated.
        done = subprocess.run(command, check=False, env={**os.environ, "CHROME_PATH": CHROME_PATH})  # noqa: S603
        if done.returncode == 0:
            break
        print(f"Lighthouse failed on {url} ({preset}), attempt {attempt + 1} of 3", flush=True)
    else:
        raise RuntimeError(f"Lighthouse failed three times on {url}")
    data = json.loads(report.read_text())
    values = {"score": round(data["categories"]["performance"]["score"] * 100)}
    for name, audit in METRICS.items():
        values[name] = data["audits"][audit]["numericValue"]
    return values


def measure(
    runs: int, database: Path | None = None, reports: Path | None = None
) -> tuple[list[tuple[str, str, dict[str, float]]], str]:
    """Median of `runs` Lighthouse runs per page and preset, and the Chromium version."""
    with tempfile.TemporaryDirectory(prefix="tavolo-firstpaint-") as name:
        folder = Path(name)
        env = _env(folder)
        if database:  # a copy of a database already seeded (seed_demo takes minutes on a busy machine)
            shutil.copyfile(database, folder / "db.sqlite3")
        _manage(["migrate", "--no-input", "-v", "0"], env)
        if not database:
            _manage(["seed_demo"], env)
        _manage(["collectstatic", "--no-input", "-v", "0"], env)
        slug = _manage(
            [
                "shell",
                "-c",
                "from members.models import Organisation;"
                "print(Organisation.objects.filter(status='active').order_by('name').first().slug)",
            ],
            env,
        ).split()[-1]  # the last line: the shell may first say what it imported
        pages = [
            ("home", "/"),
            ("directory", "/organizzazioni/"),
            ("organisation", f"/organizzazioni/{slug}/"),
            ("meetings", "/incontri/"),
            ("training", "/formazione/"),
        ]
        rows = []
        with _server(env) as base:
            for _label, path in pages:  # templates compiled and caches warm before measuring
                urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310
            for label, path in pages:
                for preset in ("mobile", "desktop"):
                    samples = []
                    for run in range(runs):
                        samples.append(_lighthouse(base + path, preset, folder))
                        if reports:
                            reports.mkdir(parents=True, exist_ok=True)
                            shutil.copyfile(
                                folder / "lighthouse.json", reports / f"{label}-{preset}-{run + 1}.json"
                            )
                    median = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
                    rows.append((f"{label} `{path}`", preset, median))
                    print(label, preset, median, flush=True)
        chromium = subprocess.run(  # noqa: S603
            [CHROME_PATH, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    return rows, chromium


def table(rows: list[tuple[str, str, dict[str, float]]]) -> str:
    lines = [
        "| page | preset | performance | FCP | LCP | TBT | CLS |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, preset, v in rows:
        lines.append(
            f"| {page} | {preset} | {v['score']:.0f} | {v['FCP'] / 1000:.2f} s | {v['LCP'] / 1000:.2f} s "
            f"| {v['TBT']:.0f} ms | {v['CLS']:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset (median)")
    parser.add_argument("--label", default="measured", help="heading of the table")
    parser.add_argument("--out", type=Path, help="write the table (with the command) to this Markdown file")
    parser.add_argument("--database", type=Path, help="a SQLite file with the demo data, instead of seeding")
    parser.add_argument("--reports", type=Path, help="keep every Lighthouse report (JSON) in this folder")
    args = parser.parse_args()
    rows, chromium = measure(args.runs, args.database, args.reports)
    heading = f"## {args.label}: {dt.date.today().isoformat()}, Lighthouse {LIGHTHOUSE_VERSION}, {chromium}"
    text = f"{heading}\n\n{table(rows)}\n"
    print(text)
    if args.out:
        write(args.out, text)


BEGIN, END = "<!-- firstpaint:begin -->", "<!-- firstpaint:end -->"


def write(out: Path, text: str) -> None:
    """Replace the latest run between the markers of the file, keeping what is around it."""
    block = f"{BEGIN}\n{text}{END}"
    old = out.read_text() if out.exists() else ""
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + block + old[old.index(END) + len(END) :]
    else:
        new = (
            "# First paint of the public pages (Lighthouse, performance)\n\n"
            "Reproduce: `make firstpaint`. Demo data, SQLite, gunicorn with production settings "
            "(DEBUG off) minus HTTPS; median of the runs.\n\n" + block + "\n"
        )
    out.write_text(new)


if __name__ == "__main__":
    sys.exit(main())
