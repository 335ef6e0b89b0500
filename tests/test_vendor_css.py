"""The Bootstrap Italia stylesheet the pages load keeps every rule the templates need (issue 16).

`make install` writes static/vendor/bootstrap-italia/css/bootstrap-italia.parts.min.css: Bootstrap Italia's
stylesheet with only the rules whose names appear in the templates, the Python code and the JavaScript
(scripts/bootstrap-italia-purge.mjs). A template that starts using a class without the stylesheet being
rebuilt would lose that class's style silently: these tests name the class and the command.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FULL = ROOT / "node_modules" / "bootstrap-italia" / "dist" / "css" / "bootstrap-italia.min.css"
SERVED = ROOT / "static" / "vendor" / "bootstrap-italia" / "css" / "bootstrap-italia.parts.min.css"
TEMPLATE_FOLDERS = ["templates", "core", "members", "meetings", "training", "reports", "tavolo"]

# A class in a selector: a dot, then a name that does not start with a digit (".5rem" is a length).
CLASS_IN_CSS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


def _css_classes(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"url\([^)]*\)", "", text)  # embedded fonts and images are not selectors
    return set(CLASS_IN_CSS.findall(text))


def _template_classes() -> dict[str, str]:
    """Each class written literally in a template's class attribute, with one template that uses it."""
    found: dict[str, str] = {}
    for folder in TEMPLATE_FOLDERS:
        for template in sorted((ROOT / folder).rglob("*.html")):
            for value in CLASS_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
                # A word glued to a template tag is a piece of a name (alert-{{ level }}): skipped.
                plain = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "{}", value)
                for name in plain.split():
                    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
                        found.setdefault(name, str(template.relative_to(ROOT)))
    return found


@pytest.fixture(scope="module")
def stylesheets() -> tuple[set[str], set[str]]:
    if not FULL.exists() or not SERVED.exists():
        pytest.skip("Bootstrap Italia not built: run `make install`")
    return _css_classes(FULL), _css_classes(SERVED)


def test_every_bootstrap_italia_class_a_template_uses_is_in_the_served_stylesheet(stylesheets):
    full, served = stylesheets
    used = _template_classes()
    assert {"btn", "it-header-wrapper", "form-control"} <= used.keys() & full  # the scan finds them
    missing = sorted(f"{name} ({used[name]})" for name in used.keys() & full if name not in served)
    assert not missing, f"Not in {SERVED.name}; run `make static` (or `make install`): {', '.join(missing)}"


def test_the_served_stylesheet_is_a_fraction_of_the_full_one(stylesheets):
    full, served = stylesheets
    assert served < full
    assert SERVED.stat().st_size < FULL.stat().st_size / 3
    # Classes only JavaScript or a model's colour adds, kept by the purge's safelist.
    assert {"show", "collapsing", "expanded", "bg-warning", "bg-danger", "alert-success", "is-invalid"} <= (
        served
    )
    text = SERVED.read_text(encoding="utf-8")
    assert ":focus:not([data-focus-mouse=true])" in text  # the keyboard focus ring
    assert "sourceMappingURL" not in text


@pytest.mark.django_db
def test_the_pages_load_the_purged_stylesheet(client):
    html = client.get("/").content.decode()
    assert "bootstrap-italia.parts.min.css" in html
    assert "bootstrap-italia.min.css" not in html
    # The light weight of the lead paragraph is preloaded with the others: fetched late, it re-wrapped
    # the lead and moved the training page (CLS 0.021 in Lighthouse).
    assert "titillium-web-v10-latin-ext_latin-300.woff2" in html
