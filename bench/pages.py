"""The pages the benchmarks visit, found in whatever database the harness points at.

Paths whose view does not exist yet (a feature still being built) are left out and listed as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve

DEMO_ACCOUNTS = {
    "assessore": "assessore@demo.tavolo.it",
    "staff": "segreteria@demo.tavolo.it",
    "service_referent": "servizi.sociali@demo.tavolo.it",
    "org_rep": "rappresentante@demo.tavolo.it",
}


@dataclass(frozen=True)
class BenchPage:
    id: str
    path: str
    role: str = "anonymous"
    kind: str = "page"  # "list" and "detail" pages have the 1/10 throughput target

    @property
    def public(self) -> bool:
        return self.role == "anonymous"


def _first(model: str, **filters) -> object | None:
    try:
        manager = apps.get_model(model).objects
    except LookupError:
        return None
    return manager.filter(**filters).order_by("pk").first()


def _detail_candidates(model: str, fmt, **filters) -> list[str]:
    try:
        manager = apps.get_model(model).objects
    except LookupError:
        return []
    return [fmt(o) for o in manager.filter(**filters).order_by("-pk")[:20]]


def _first_ok(client: Client, candidates: list[str]) -> str | None:
    """The first candidate path that answers 200 (a draft meeting is not public, for example)."""
    for path in candidates:
        if client.get(path).status_code == 200:
            return path
    return None


def discover(clients: dict[str, Client]) -> tuple[list[BenchPage], list[str]]:
    """The pages to measure in this database, and the contract paths not built yet."""
    client = clients["anonymous"]
    staff = clients.get("staff", client)
    referent = clients.get("service_referent", client)
    organisation = _detail_candidates(
        "members.Organisation",
        lambda o: f"/organizzazioni/{o.slug}/",
        status="active",
        directory_consent=True,
    )
    meeting = _detail_candidates("meetings.Meeting", lambda m: f"/incontri/{m.pk}/")
    session = _detail_candidates("training.TrainingSession", lambda s: f"/formazione/{s.pk}/")
    report = _detail_candidates("reports.AnnualReport", lambda r: f"/relazioni/{r.year}/")
    pages = [
        BenchPage("home", "/"),
        BenchPage("regulation", "/regolamento/"),
        BenchPage("accessibility", "/accessibilita/"),
        BenchPage("login", "/account/login/"),
        BenchPage("join", "/aderisci/"),
        BenchPage("directory", "/organizzazioni/", kind="list"),
        BenchPage("directory-filtered", "/organizzazioni/?sector=sociale", kind="list"),
        BenchPage("organisation", _first_ok(client, organisation) or "", kind="detail"),
        BenchPage("services", "/servizi/", kind="list"),
        BenchPage("meetings", "/incontri/", kind="list"),
        BenchPage("meeting", _first_ok(client, meeting) or "", kind="detail"),
        BenchPage("training", "/formazione/", kind="list"),
        BenchPage("training-session", _first_ok(client, session) or "", kind="detail"),
        BenchPage("reports", "/relazioni/", kind="list"),
        BenchPage("report", _first_ok(client, report) or "", kind="detail"),
        BenchPage("dashboard-assessore", "/area-riservata/", role="assessore"),
        BenchPage("dashboard-staff", "/area-riservata/", role="staff"),
        BenchPage("dashboard-service-referent", "/area-riservata/", role="service_referent"),
        BenchPage("dashboard-representative", "/area-riservata/", role="org_rep"),
        BenchPage("staff-organisations", "/area-riservata/organizzazioni/", role="staff", kind="list"),
        BenchPage("staff-queue", "/area-riservata/organizzazioni/domande/", role="staff", kind="list"),
        BenchPage("staff-meetings", "/area-riservata/incontri/", role="staff", kind="list"),
        BenchPage(
            "staff-meeting",
            _first_ok(
                staff,
                _detail_candidates(
                    "meetings.Meeting", lambda m: f"/area-riservata/incontri/{m.pk}/", status="draft"
                ),
            )
            or "",
            role="staff",
            kind="detail",
        ),
        BenchPage("staff-proposals", "/area-riservata/proposte/da-decidere/", role="staff", kind="list"),
        BenchPage("staff-training", "/area-riservata/formazione/", role="staff", kind="list"),
        BenchPage("staff-reports", "/area-riservata/relazioni/", role="staff", kind="list"),
        BenchPage("referent-routings", "/area-riservata/segnalazioni/", role="service_referent", kind="list"),
        BenchPage(
            "referent-routing",
            _first_ok(
                referent,
                _detail_candidates("meetings.Routing", lambda r: f"/area-riservata/segnalazioni/{r.pk}/"),
            )
            or "",
            role="service_referent",
            kind="detail",
        ),
        BenchPage("rep-proposals", "/area-riservata/proposte/", role="org_rep", kind="list"),
        BenchPage("rep-registrations", "/area-riservata/formazione/iscrizioni/", role="org_rep", kind="list"),
        BenchPage("rep-initiatives", "/area-riservata/iniziative/", role="org_rep", kind="list"),
    ]
    kept, missing = [], []
    for page in pages:
        if not page.path:
            missing.append(f"{page.id} (no object to show)")
            continue
        try:
            resolve(page.path.split("?", 1)[0])
        except Resolver404:
            missing.append(f"{page.id} ({page.path} not built yet)")
            continue
        kept.append(page)
    return kept, missing


def _published_file_path(field: str) -> str | None:
    """A file of the latest version of the first published report, where its page links it: the public
    copy (/pubblicati/..., served without a view), else the portal's URL for it."""
    report = _first("reports.AnnualReport", status="published")
    if report is None:
        return None
    version = report.versions.order_by("-number").first()
    return version.links[field] if version is not None else None


def published_pdf_path() -> str | None:
    return _published_file_path("pdf")


def published_csv_path() -> str | None:
    return _published_file_path("data_csv")
