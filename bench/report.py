"""bench/RESULTS.md: every figure with the command that produced it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bench.wrk import WrkResult

MAX_QUERIES = 15
LIST_DETAIL_RATIO = 0.10


@dataclass
class Results:
    started: dt.datetime
    organisations: int
    finished: dt.datetime | None = None
    machine: dict[str, str] = field(default_factory=dict)
    commands: list[tuple[str, str]] = field(default_factory=list)
    seed_seconds: float = 0.0
    seed_output: str = ""
    queries: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    ping_rps: list[float] = field(default_factory=list)
    throughput: list[dict] = field(default_factory=list)
    load: WrkResult | None = None
    load_paths: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, markdown lines)
    misses: list[str] = field(default_factory=list)

    @property
    def ping(self) -> float:
        return sum(self.ping_rps) / len(self.ping_rps) if self.ping_rps else 0.0


def _yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def write_results(r: Results, path: Path) -> None:
    out: list[str] = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (`python -m bench.run`) on {r.started:%Y-%m-%d %H:%M}, "
        f"in {((r.finished or r.started) - r.started).total_seconds() / 60:.1f} minutes. "
        "Every number below comes from that run; nothing is typed by hand. Throughput is given as a "
        "ratio to a trivial Django view (`/bench/ping/`, same middleware) served by the same gunicorn "
        "in the same run, so that the ratios hold on a noisy machine.",
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in r.machine.items()],
        "",
        "## Data",
        "",
        f"Demo data (`seed_demo`) and, in a second database, demo data plus "
        f"`seed_scale --organisations {r.organisations}`, built in {r.seed_seconds:.1f} s:",
        "",
        "```",
        r.seed_output.strip(),
        "```",
        "",
    ]
    # (a) queries
    out += [
        "## (a) SQL queries per page",
        "",
        f"Target: the same count on demo and scale data, and at most {MAX_QUERIES}.",
        "",
        "| page | path | as | HTTP status | demo | scale | equal | <= 15 |",
        "| --- | --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for q in r.queries:
        equal = q["demo"] == q["scale"]
        bounded = q["scale"] <= MAX_QUERIES and (q["demo"] or 0) <= MAX_QUERIES
        if q["status"] != "200/200":
            r.misses.append(f"page {q['id']} answered {q['status']} (demo/scale)")
        if not (equal and bounded):
            r.misses.append(f"queries: {q['id']} {q['demo']} (demo) / {q['scale']} (scale)")
        out.append(
            f"| {q['id']} | `{q['path']}` | {q['role']} | {q['status']} | {q['demo']} | {q['scale']} | "
            f"{_yes(equal)} | {_yes(bounded)} |"
        )
    if r.missing:
        out += ["", "Not measured (not built yet, or no data to show): " + "; ".join(r.missing) + "."]
    # (b) throughput
    out += [
        "",
        "## (b) Throughput under gunicorn at the scale data",
        "",
        f"The trivial view is measured right before each page (between {min(r.ping_rps or [0]):.0f} and "
        f"{max(r.ping_rps or [0]):.0f} requests/s in this run, mean {r.ping:.0f}); each ratio is to that "
        "neighbouring measurement. Target: every list and detail page at least 1/10 of it; a published "
        "PDF at least 1/2.",
        "",
        "| page | path | kind | KiB | requests/s | trivial view | ratio | p99 ms | errors | target met |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in r.throughput:
        w: WrkResult = t["wrk"]
        ratio = w.requests_per_s / t["ping"] if t["ping"] else 0
        wanted = {"list": LIST_DETAIL_RATIO, "detail": LIST_DETAIL_RATIO, "file": 0.5}.get(t["kind"])
        target = wanted is not None
        ok = target and ratio >= wanted and w.errors == 0
        if target and not ok:
            r.misses.append(f"throughput: {t['id']} at {ratio:.3f} of the trivial view (target {wanted})")
        out.append(
            f"| {t['id']} | `{t['path']}` | {t['kind']} | {t['size'] / 1024:.0f} | {w.requests_per_s:.0f} | "
            f"{t['ping']:.0f} | "
            f"{ratio:.2f} | "
            f"{w.latency_ms.get('99', float('nan')):.1f} | {w.errors} | "
            f"{_yes(ok) if target else ('(no target)' if w.errors == 0 else '**errors**')} |"
        )
    if r.throughput:
        out += ["", "Command per page: `" + r.throughput[0]["wrk"].command + "` (URL and cookie vary)."]
    for title, lines in r.sections:
        out += ["", f"## {title}", "", *lines]
    # (e) load
    if r.load:
        ok = r.load.errors == 0
        if not ok:
            r.misses.append(f"load: {r.load.errors} errors")
        lat = r.load.latency_ms
        out += [
            "",
            "## (e) Load: public pages at the scale data, 16 concurrent clients",
            "",
            f"`{r.load.command}` (the Lua script sends each request to the next of: "
            + ", ".join(f"`{p}`" for p in r.load_paths)
            + ").",
            "",
            f"- requests: {r.load.requests} ({r.load.requests_per_s:.0f}/s)",
            f"- errors (non-2xx/3xx and socket errors): {r.load.errors} — zero errors: {_yes(ok)}",
            f"- latency: p50 {lat.get('50', 0):.1f} ms, p75 {lat.get('75', 0):.1f} ms, "
            f"p90 {lat.get('90', 0):.1f} ms, **p99 {lat.get('99', 0):.1f} ms**",
        ]
    out += ["", "## Targets missed", ""]
    out += [f"- {m}" for m in r.misses] or ["None."]
    if r.misses:
        out += [
            "",
            "Why, and what would fix each: see `bench/NOTES.md` (analysis written from these tables and "
            "from profiling; its figures are rounded from these tables or from the profiling it describes).",
        ]
    out += ["", "## Commands", "", "| what | command |", "| --- | --- |"]
    seen = set()
    for what, cmd in r.commands:
        if (what, cmd) in seen:
            continue
        seen.add((what, cmd))
        out.append(f"| {what} | `{cmd}` |")
    path.write_text("\n".join(out) + "\n")
