"""The layers of docs/architecture.md where import-linter cannot see them: templates and URL names.

`lint-imports` (in .ci/run) checks the Python imports. A lower app could still name a higher one in a
template (`{% include "reports/..." %}`, `{% url "training:..." %}`, `{% load reports_tags %}`) or in a
string (`reverse("meetings:...")`); these tests read the files for such names. What a lower page shows
of a higher app comes through core.providers, and the journeys below walk those pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import icalendar
import pytest

from tests.factories import InitiativeFactory, MeetingFactory, TrainingSessionFactory

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps of ours it must never name (those above it, and its sibling).
FORBIDDEN = {
    "core": ["members", "meetings", "training", "reports", "tavolo"],
    "members": ["meetings", "training", "reports", "tavolo"],
    "meetings": ["training", "reports", "tavolo"],
    "training": ["meetings", "reports", "tavolo"],
    "reports": ["tavolo"],
}


def _sources(app: str) -> list[Path]:
    files = []
    for path in (ROOT / app).rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        files.append(path)
    return files


def _names(other: str) -> re.Pattern[str]:
    # A template path ("reports/x.html"), a URL namespace ("reports:archive") or a dotted path
    # ("reports.selectors") of the other app.
    path, namespace, dotted = r"/[\w./-]+\.(html|txt)", ":[a-z_]+", r"\.(?!local\b)[a-z_]+"
    return re.compile(rf"""["'\s]{other}({path}|{namespace}|{dotted})""")


def _tag_library_apps() -> dict[str, str]:
    """Each template tag library's name and the app of ours that defines it (by its module)."""
    from django.template.backends.django import get_installed_libraries

    return {name: module.split(".")[0] for name, module in get_installed_libraries().items()}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_never_names_the_apps_above_it(app):
    libraries = _tag_library_apps()
    offences = []
    for path in _sources(app):
        text = path.read_text(encoding="utf-8")
        for other in FORBIDDEN[app]:
            for match in _names(other).finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offences.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0).strip()}")
        # A tag library belongs to the app whose module defines it ("tavolo_ui" is core's).
        for match in re.finditer(r"{%\s*load ([\w ]+?)\s*%}", text):
            for name in match.group(1).split():
                if libraries.get(name) in FORBIDDEN[app]:
                    line = text.count("\n", 0, match.start()) + 1
                    offences.append(f"{path.relative_to(ROOT)}:{line}: load {name} ({libraries[name]})")
    assert offences == []


@pytest.mark.django_db
def test_the_calendar_feed_lists_meetings_and_training_sessions(anonymous):
    MeetingFactory(status="convened", title="Plenaria di primavera")
    TrainingSessionFactory(title="Progettare insieme il welfare di comunità")
    feed = icalendar.Calendar.from_ical(anonymous.get("/calendario.ics").content)
    summaries = [str(event["SUMMARY"]) for event in feed.events]
    assert "Plenaria di primavera" in summaries
    assert any(s.startswith("Progettare insieme il welfare di comunità") for s in summaries)


@pytest.mark.django_db
def test_the_organisation_profile_shows_its_initiatives(org_rep, anonymous):
    organisation = org_rep.representations.get().organisation
    InitiativeFactory(title="Emporio solidale", lead_organisation=organisation)
    InitiativeFactory(title="Ancora in bozza", lead_organisation=organisation, status="draft")
    html = anonymous.get("/organizzazioni/auser-cervia/").content.decode()
    assert "Iniziative di welfare di comunità" in html
    assert "Emporio solidale" in html
    assert "Ancora in bozza" not in html
