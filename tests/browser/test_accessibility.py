"""axe-core (WCAG 2.1 A/AA) on every public page and the main signed-in pages, in a real Chromium.

Plus what axe cannot see: the skip link is the first Tab stop and moves focus to <main>, and the
focused element is visibly outlined.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.catalogue import PAGES, build_world, page_params

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def readable(violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    return "\n".join(lines)


def open_as(page, live_server, world, role: str, path: str) -> None:
    if role != "anonymous":
        client = world.client(role)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"


@pytest.mark.parametrize("target", page_params(PAGES))
def test_page_has_no_wcag_violations(target, page, live_server, steps):
    world = build_world()
    path = target.url(world)
    with steps.step(f"open {path} as {target.role}"):
        open_as(page, live_server, world, target.role, path)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{path} ({target.role}):\n" + readable(violations)


@pytest.mark.parametrize("path", ["/", "/regolamento/", "/account/login/"])
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(path, page, live_server):
    page.goto(f"{live_server.url}{path}")
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert first["tag"] == "A" and first["href"] and first["href"].startswith("#"), first
    target_id = first["href"][1:]
    assert page.evaluate(f"() => !!document.querySelector('main#{target_id}, #{target_id} main, main')")
    page.keyboard.press("Enter")
    focused_in_main = page.evaluate(
        "id => { const t = document.getElementById(id); const a = document.activeElement;"
        " return !!t && (a === t || t.contains(a)) && !!a.closest('main, #' + id); }",
        target_id,
    )
    assert focused_in_main, f"Enter on the skip link did not move focus to #{target_id}"
    # The next Tab stop is inside the page's content, not back in the header.
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert in_main, "Tab after the skip link left <main>"


def test_focus_is_visible_on_links_buttons_and_fields(page, live_server):
    page.goto(f"{live_server.url}/account/login/")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const a = document.activeElement; if (!a || a === document.body) return null;"
            " const s = getComputedStyle(a); return {tag: a.tagName, id: a.id, outline: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"
        )
        if style is None:
            continue
        seen += 1
        visible = (style["outline"] not in ("none", "") and style["width"] > 0) or style["shadow"] not in (
            "none",
            "",
        )
        assert visible, f"focused element has no visible focus indicator: {style}"
    assert seen >= 5, "fewer than five focusable elements reached by keyboard on the login page"


def test_footer_links_the_accessibility_statement_and_its_feedback_channel(page, live_server):
    """AgID: the statement is linked from every page's footer and offers a way to report problems."""
    page.goto(f"{live_server.url}/regolamento/")
    page.locator("footer").get_by_role("link", name="Dichiarazione di accessibilità").first.click()
    expect(page).to_have_url(f"{live_server.url}/accessibilita/")
    expect(page.locator("h1")).to_contain_text("accessibilità")
    feedback = page.locator("main a[href^='mailto:']").first
    expect(feedback).to_be_visible()
    assert "@" in (feedback.get_attribute("href") or "")


def test_signing_in_works_with_the_keyboard_alone(page, live_server):
    from tests.factories import TEST_PASSWORD, UserFactory

    user = UserFactory(email="tastiera@example.org")
    page.goto(f"{live_server.url}/account/login/")
    for _ in range(40):  # Tab through the header and the skip link until the e-mail field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "login":
            break
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "password"
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/area-riservata/")


def _unlinked_errors_on_empty_join_form(page, base: str) -> list[str]:
    """Submit the join form empty; the invalid fields with no error text linked by aria-describedby."""
    page.goto(f"{base}/aderisci/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    invalid = page.locator("main [aria-invalid=true]")
    expect(invalid.first).to_be_visible()
    assert invalid.count() >= 3
    unlinked = set()
    for index in range(invalid.count()):
        field = invalid.nth(index)
        described = field.get_attribute("aria-describedby") or ""
        texts = [page.locator(f"[id='{ref}']").inner_text().strip() for ref in described.split()]
        if not any(texts):
            unlinked.add(f"{field.get_attribute('type')} {field.get_attribute('name')}")
    return sorted(unlinked)


def test_form_errors_are_tied_to_their_fields(page, live_server):
    """A screen reader announces each error with its field: aria-invalid plus aria-describedby."""
    unlinked = [f for f in _unlinked_errors_on_empty_join_form(page, live_server.url) if "checkbox" not in f]
    assert not unlinked, f"invalid fields without an error linked by aria-describedby: {unlinked}"


def test_checkbox_group_errors_are_tied_to_their_boxes(page, live_server):
    """Each box of an invalid group points at the group's error (templates/bootstrap5 override)."""
    assert not _unlinked_errors_on_empty_join_form(page, live_server.url)


def test_report_charts_have_text_alternatives(page, live_server):
    """Each chart of the annual report is an image with a name and a description, next to its data table."""
    world = build_world()
    page.goto(f"{live_server.url}/relazioni/{world.objects['report'].year}/")
    charts = page.locator("main svg:not([aria-hidden=true])")
    assert charts.count() >= 3, "the report page shows no chart"
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        name = chart.evaluate(
            "svg => (svg.getAttribute('aria-label')"
            " || (svg.querySelector('title') || {}).textContent || '').trim()"
        )
        desc = chart.evaluate("svg => ((svg.querySelector('desc') || {}).textContent || '').trim()")
        assert name and desc, f"chart {index + 1} has no name or description"
    assert page.locator("main table").count() >= charts.count(), "charts without their data tables"
