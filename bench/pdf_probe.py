"""The annual report's PDF at the scale data, measured in a process of its own.

    python -m bench.pdf_probe portal <html-out>   publish last year's report (figures + PDF, as the task does)
    python -m bench.pdf_probe static <html-in>    WeasyPrint alone on the same HTML, without Django

Prints JSON: seconds (wall and CPU), peak resident memory (ru_maxrss), the baseline before the work,
PDF pages.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

RENDER_RUNS = 3


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def portal(html_out: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import weasyprint  # noqa: F401 - imported before the baseline, as in a warm worker
    from django.utils import timezone

    from members.models import User
    from reports.models import AnnualReport
    from reports.pdf import html_to_pdf, report_html
    from reports.services import report_publish

    staff = User.objects.get(email="segreteria@demo.tavolo.it")
    year = timezone.localdate().year - 1
    report, _ = AnnualReport.objects.get_or_create(year=year)
    report.presentation = report.presentation or "Care cittadine e cari cittadini, un anno di lavoro comune."
    report.conclusions = report.conclusions or "## Priorità\nRafforzare la rete delle organizzazioni."
    report.save()
    note = "Nuova versione per il benchmark." if report.versions.exists() else ""
    baseline = _rss_kb()
    started, cpu_started = time.perf_counter(), time.process_time()
    version = report_publish(report=report, by=staff, note=note)  # the PDF task runs on commit
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    version.refresh_from_db()
    pdf = version.pdf.read()
    html = report_html(
        year=year,
        figures=version.figures,
        narrative=version.narrative,
        version=version.number,
        published_at=version.published_at,
    )
    html_out.write_text(html)
    # The render alone, in the same warm process: what the PDF task spends on WeasyPrint. Three times,
    # the median is the figure (one run on this shared machine moves by a third with the load).
    runs = []
    for _ in range(RENDER_RUNS):
        load = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        html_to_pdf(html)
        runs.append((time.process_time() - cpu_started, time.perf_counter() - started, load))
    render_cpu, render_seconds, _load = sorted(runs)[len(runs) // 2]
    return {
        "year": year,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "render_seconds": render_seconds,
        "render_cpu_seconds": render_cpu,
        "render_runs": [{"cpu_seconds": c, "seconds": w, "load_1min": la} for c, w, la in runs],
        "peak_kb": peak,
        "baseline_kb": baseline,
        "pages": _pages(pdf),
        "bytes": len(pdf),
        "path": f"/relazioni/{year}.pdf",
    }


def static(html_in: Path) -> dict:
    from weasyprint import HTML

    html = html_in.read_text()
    baseline = _rss_kb()
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = HTML(string=html, base_url=str(Path(__file__).resolve().parent.parent)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_kb": peak,
        "baseline_kb": baseline,
        "pages": _pages(pdf),
        "bytes": len(pdf),
    }


if __name__ == "__main__":
    mode, path = sys.argv[1], Path(sys.argv[2])
    json.dump(portal(path) if mode == "portal" else static(path), sys.stdout)
