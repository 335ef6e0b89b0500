"""On a phone (390 px wide) no reserved-area page scrolls sideways: wide tables scroll in their own box.

Every signed-in page of the catalogue, opened as its role in Chromium at 390 px: the page is no wider
than the window. A table wider than the screen scrolls inside its `.table-responsive` box, which is
then focusable (keyboard users can scroll it) and named (a screen reader announces what it holds).
"""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PAGES, build_world, page_params
from tests.browser.test_accessibility import open_as

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESERVED_PAGES = [page for page in PAGES if not page.public]
PHONE = {"width": 390, "height": 844}

# What sticks out of the window, to say which element widens the page when one does.
WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.closest('.table-responsive, .report-table-wrap'))
  .slice(0, 5)
  .map(el => `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\\s+/g, '.')}`
    + ` (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`)"""

# The boxes whose table is wider than the screen: the ones a person must scroll.
SCROLL_BOXES = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(box => box.scrollWidth > box.clientWidth)
  .map(box => ({
  tabindex: box.getAttribute('tabindex'),
  role: box.getAttribute('role'),
  named: !!(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby')),
  html: box.outerHTML.slice(0, 120),
}))"""


def test_the_catalogue_has_the_pages_whose_tables_were_too_wide():
    ids = {page.id for page in RESERVED_PAGES}
    assert {
        "rep-registrations",
        "rep-resources",
        "rep-initiatives",
        "staff-meeting-convened",
        "staff-meeting-attendance",
        "staff-training-session",
    } <= ids


@pytest.mark.parametrize("target", page_params(RESERVED_PAGES))
def test_no_reserved_page_scrolls_sideways_at_390_px(target, page, live_server, steps):
    world = build_world()
    path = target.url(world)
    page.set_viewport_size(PHONE)
    with steps.step(f"open {path} as {target.role} at 390 px"):
        open_as(page, live_server, world, target.role, path)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[1] == 390
    assert widths[0] <= widths[1], (
        f"{path} ({target.role}) is {widths[0]} px wide on a {widths[1]} px screen; "
        f"sticking out: {page.evaluate(WIDER_THAN_WINDOW)}"
    )
    for box in page.evaluate(SCROLL_BOXES):
        assert box["tabindex"] == "0" and box["role"] == "region" and box["named"], (
            f"{path}: a table's scroll box is not a focusable, named region: {box['html']}"
        )
