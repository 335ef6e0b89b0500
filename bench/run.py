"""`make bench`: the portal's benchmarks on PostgreSQL, written to bench/RESULTS.md.

Two fresh databases (demo data; demo data plus `seed_scale --organisations N`) are created on
127.0.0.1:5432 and dropped at the end. Every figure is measured in this run, side by side with a
trivial view served by the same gunicorn, so ratios hold on a noisy machine.

    python -m bench.run [--organisations 2000] [--duration 8] [--load-duration 60] [--redis-url URL]

Anonymous pages are measured twice: cold (a server with the page cache off) and from the shared cache
(Redis, the server as deployed); signed-in pages, the published file, the load and the convocation on the
server as deployed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import tempfile
import time
from pathlib import Path

from bench import env as benv
from bench import extras, scaleout
from bench.mail_sink import MailSink
from bench.report import Results, write_results
from bench.wrk import ensure_wrk, rotation_script, run_wrk

MAX_QUERIES = 15
# The measured servers' shared cache: a Redis database of the benchmark's own, flushed before and after
# (the tests use 13, the scale-out run 14).
REDIS_URL = "redis://127.0.0.1:6379/12"
CACHE_HEADER = "x-page-cache"  # core.pagecache.CACHE_HEADER: hit or miss


def _probe(database_url: str, paths: dict[str, str] | None = None) -> dict:
    out = benv.subprocess.run(
        [benv.PY, "-m", "bench.probe"],
        cwd=benv.ROOT,
        env=benv.production_env(database_url, BENCH_PATHS=json.dumps(paths or {})),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _prepare(database_url: str, results: Results, *, organisations: int | None) -> None:
    env = benv.production_env(database_url)
    benv.manage(["migrate", "--no-input", "-v", "0"], env)
    started = time.perf_counter()
    benv.manage(["seed_demo"], env, capture=True)
    results.commands.append(("seed demo data", "python manage.py seed_demo"))
    if organisations:
        started = time.perf_counter()
        out = benv.manage(["seed_scale", "--organisations", str(organisations)], env, capture=True)
        results.seed_seconds = time.perf_counter() - started
        results.seed_output = out.stdout
        results.commands.append(
            ("scale data", f"python manage.py seed_scale --organisations {organisations}")
        )
    # A production database is analysed (autovacuum): without statistics PostgreSQL plans blind.
    benv.analyze(database_url)
    results.analyzed.append(database_url.rsplit("/", 1)[1])
    results.commands.append(("statistics after seeding", "psql <db> -c ANALYZE"))


def measure_queries(results: Results, demo_url: str, scale_url: str) -> dict:
    demo = _probe(demo_url)
    scale = _probe(scale_url, {page_id: row["path"] for page_id, row in demo["pages"].items()})
    for page_id, row in scale["pages"].items():
        d = demo["pages"].get(page_id, {})
        results.queries.append(
            {
                "id": page_id,
                "path": row["path"],
                "role": row["role"],
                "demo": d.get("queries"),
                "scale": row["queries"],
                "status": f"{d.get('status')}/{row['status']}",
            }
        )
    results.missing = sorted(set(scale["missing"]) | set(demo["missing"]))
    results.commands.append(
        ("queries per page", "DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<db> python -m bench.probe")
    )
    return scale


def _measured(base: str, url: str, *, duration: int, headers: dict | None = None):
    """wrk on one URL, with the CPU time the server's processes spent on it, per request (ms)."""
    cpu_before = benv.server_cpu_seconds(base)
    r = run_wrk(url, duration=duration, connections=4, headers=headers)
    cpu = benv.server_cpu_seconds(base) - cpu_before
    return r, (cpu * 1000 / r.requests) if r.requests else float("nan")


def _cache_state(base: str, path: str) -> tuple[str, list[str]]:
    """The page cache's answer to one anonymous GET (X-Page-Cache: hit, miss, or none) and the cookies set."""
    _status, _body, headers = benv.get(f"{base}{path}")
    cookies = [c.split("=", 1)[0].strip() for c in headers.get("set-cookie", "").splitlines() if "=" in c]
    return headers.get(CACHE_HEADER, "none"), cookies


def measure_throughput(results: Results, base: str, probe: dict, duration: int, mode: str) -> None:
    """Each page right after the trivial view; its ratios are to that neighbouring measurement.

    mode: "cold" (anonymous pages, page cache off), "cached" (anonymous pages on the server as deployed,
    after a first request stored them), "signed-in" (signed-in pages and the published file, as deployed).
    """
    half = max(1, duration // 2)

    def ping() -> tuple[float, float]:
        r, cpu_ms = _measured(base, f"{base}/bench/ping/", duration=half)
        results.commands.append(("trivial view", r.command.replace(base, "http://127.0.0.1:<port>")))
        results.ping_rps.append(r.requests_per_s)
        results.ping_cpu_ms.append(cpu_ms)
        return r.requests_per_s, cpu_ms

    # A fresh server's first requests pay for what its workers load lazily: not counted.
    run_wrk(f"{base}/bench/ping/", duration=2, connections=4)
    anonymous = mode in ("cold", "cached")
    targets = [
        (page_id, row) for page_id, row in probe["pages"].items() if (row["role"] == "anonymous") == anonymous
    ]
    # The published files where the report page links them (their public copies, no view).
    if mode == "signed-in" and probe.get("pdf"):
        targets.append(("published-pdf", {"path": probe["pdf"], "role": "anonymous", "kind": "file"}))
    if mode == "signed-in" and probe.get("csv"):
        targets.append(("published-csv", {"path": probe["csv"], "role": "anonymous", "kind": "file"}))
    for page_id, row in targets:
        headers = {}
        if row["role"] != "anonymous":
            headers["Cookie"] = f"sessionid={probe['cookies'][row['role']]}"
        status, size = benv.status_of(f"{base}{row['path']}", headers)
        if status != 200:
            results.misses.append(f"{mode}: {page_id} answered {status} under gunicorn, not measured")
            continue
        cache = None
        if mode == "cached":
            # The first GET above stored the page (if the cache keeps it); this one must be a hit.
            state, cookies = _cache_state(base, row["path"])
            cache = {
                "id": page_id,
                "path": row["path"],
                "view": row.get("view", ""),
                "cache_view": row.get("cache_view"),
                "second": state,
                "cookies": cookies,
            }
            results.page_cache.append(cache)
            if state != "hit":
                continue  # not served from the cache: its cold row is the figure (reported in section g)
        before, before_cpu = ping()
        r, cpu_ms = _measured(base, f"{base}{row['path']}", duration=duration, headers=headers)
        if cache is not None:
            cache["after"] = _cache_state(base, row["path"])[0]
        results.throughput.append(
            {
                "id": page_id,
                "mode": mode,
                "kind": row["kind"],
                "role": row["role"],
                "path": row["path"],
                "wrk": r,
                "ping": before,
                "ping_cpu_ms": before_cpu,
                "cpu_ms": cpu_ms,
                "size": size,
                "load": benv.load_average(),
                "cache": cache["after"] if cache else None,
            }
        )
        print(f"  {mode} {page_id}: {cpu_ms:.2f} ms CPU/request, {r.requests_per_s:.0f}/s", flush=True)


def measure_load(results: Results, base: str, probe: dict, duration: int, folder: Path) -> None:
    public = [row["path"] for row in probe["pages"].values() if row["role"] == "anonymous"]
    script = rotation_script(public, folder)
    r = run_wrk(base, duration=duration, connections=16, threads=2, script=script)
    results.load = r
    results.load_paths = public


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=8, help="seconds per throughput measurement")
    parser.add_argument("--load-duration", type=int, default=60)
    parser.add_argument("--output", type=Path, default=benv.ROOT / "bench/RESULTS.md")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", REDIS_URL),
        help="the shared cache of the measured servers: a Redis database of the benchmark's own (flushed)",
    )
    parser.add_argument("--skip-scale-out", action="store_true", help="no two-server run (needs Redis)")
    parser.add_argument("--skip-convocation", action="store_true", help="no convocation (section d)")
    args = parser.parse_args(argv)

    ensure_wrk()
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    results = Results(started=dt.datetime.now(), organisations=args.organisations, duration=args.duration)
    results.commands.append(("this benchmark", "make bench  # python -m bench.run"))
    with (
        tempfile.TemporaryDirectory(prefix="tavolo-bench-") as tmp,
        benv.fresh_database(f"tavolo_bench_{stamp}_demo") as demo_url,
        benv.fresh_database(f"tavolo_bench_{stamp}") as scale_url,
    ):
        folder = Path(tmp)
        # Production serves hashed static files (whitenoise's manifest): collect them for this run.
        os.environ["STATIC_ROOT"] = str(folder / "static")
        benv.manage(["collectstatic", "--no-input", "-v", "0"], benv.production_env(demo_url))
        print("Preparing the demo database...", flush=True)
        _prepare(demo_url, results, organisations=None)
        print(f"Preparing the scale database ({args.organisations} organisations)...", flush=True)
        _prepare(scale_url, results, organisations=args.organisations)
        results.machine = benv.machine(scale_url)
        results.load_before = benv.load_average()
        print("Publishing last year's report at the scale data (PDF)...", flush=True)
        extras.report_pdf(results, scale_url, folder)
        print("Counting queries per page...", flush=True)
        probe = measure_queries(results, demo_url, scale_url)
        results.page_cache_seconds = probe.get("page_cache_seconds")
        # The servers measured run as deployed: the shared cache in Redis (sessions in the database).
        # Without Redis each worker keeps its own local-memory cache, and the report says so.
        redis_error = benv.redis_flushed(args.redis_url)
        if redis_error is None:
            results.cache_url = args.redis_url
        else:
            results.misses.append(f"shared cache: Redis not reachable at {args.redis_url} ({redis_error})")
        with MailSink(benv.free_port()) as sink:
            env = benv.production_env(
                scale_url, TASKS_BACKEND="database", EMAIL_URL=f"smtp://127.0.0.1:{sink.port}"
            )
            if results.cache_url:
                env["CACHE_URL"] = results.cache_url
            # Cold: the anonymous page cache off. It also turns off the signed-in pages' cached fragments
            # (core/fragments.py), so only the anonymous pages are measured on this server.
            with benv.gunicorn({**env, "TAVOLO_PAGE_CACHE_SECONDS": "0"}) as base:
                print(f"Anonymous pages, cold: page cache off ({args.duration} s each)...", flush=True)
                measure_throughput(results, base, probe, args.duration, "cold")
            if results.cache_url:
                benv.redis_flushed(results.cache_url)  # the measured server starts with an empty cache
            with benv.gunicorn(env) as base:
                print(f"Anonymous pages from the page cache ({args.duration} s each)...", flush=True)
                measure_throughput(results, base, probe, args.duration, "cached")
                print(f"Signed-in pages and the published file ({args.duration} s each)...", flush=True)
                measure_throughput(results, base, probe, args.duration, "signed-in")
                print(f"Load: {args.load_duration} s at 16 clients...", flush=True)
                measure_load(results, base, probe, args.load_duration, folder)
                if "staff" in probe["cookies"] and not args.skip_convocation:
                    print("Convening a meeting to every organisation...", flush=True)
                    extras.convocation(results, base, scale_url, probe["cookies"]["staff"], sink, env)
        if results.cache_url:
            benv.redis_flushed(results.cache_url)
        if not args.skip_scale_out:
            print("Scale-out: two gunicorn servers sharing PostgreSQL and Redis...", flush=True)
            try:
                scaleout.scale_out(results, scale_url, probe, duration=args.duration)
            except Exception as exc:  # the measurements above stand; the failure is reported
                results.misses.append(f"scale-out: the run failed ({type(exc).__name__}: {exc})")
        results.load_after = benv.load_average()
    results.finished = dt.datetime.now()
    # Kept so that RESULTS.md can be written again from this run's figures (python -m bench.rewrite).
    (benv.ROOT / "bench/tmp").mkdir(exist_ok=True)
    with open(benv.ROOT / "bench/tmp/results.pickle", "wb") as fh:
        pickle.dump(results, fh)
    write_results(results, args.output)
    print(f"Written {args.output}")


if __name__ == "__main__":
    main()
