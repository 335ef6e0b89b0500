"""Badge colours meet WCAG 1.4.3 (4.5:1 for their small text), computed from the real CSS in Chromium.

axe marks badges only "needs review" (their colours come through CSS variables), so the contrast is
computed here from the colours the browser applies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Every badge style the templates and the models' `badge` properties use.
BADGE_STYLES = [
    "bg-primary",
    "bg-secondary",
    "bg-success",
    "bg-danger",
    "bg-danger text-white",
    "bg-danger text-white tavolo-unread-badge",
    "bg-warning",
    "bg-info",
    "bg-light text-dark border",
    "bg-dark",
]

CONTRAST_JS = """
(styles) => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const host = document.querySelector('main') || document.body;
  return styles.map((style) => {
    const badge = document.createElement('span');
    badge.className = 'badge ' + style;
    badge.textContent = 'In attesa di approvazione';
    host.appendChild(badge);
    const computed = getComputedStyle(badge);
    const fg = luminance(rgb(computed.color));
    const bg = luminance(rgb(computed.backgroundColor));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    badge.remove();
    return [style, Math.round(ratio * 100) / 100];
  });
}
"""


def test_every_badge_style_in_use_is_checked():
    used = set()
    for path in list(ROOT.glob("*/templates/**/*.html")) + list(ROOT.glob("templates/**/*.html")):
        for classes in re.findall(r'class="badge ([^"{]*)"', path.read_text()):
            used.add(" ".join(c for c in classes.split() if not c.startswith(("me-", "ms-", "mb-"))))
    for path in ROOT.glob("*/models*.py"):
        used |= {f"bg-{name}" for name in re.findall(r'Status\.\w+: "(\w[\w -]*)"', path.read_text())}
    for path in (ROOT / "meetings" / "models").glob("*.py"):
        used |= {f"bg-{name}" for name in re.findall(r'Status\.\w+: "(\w[\w -]*)"', path.read_text())}
    assert used - set(BADGE_STYLES) == set()


@pytest.mark.django_db(transaction=True)
def test_badges_have_enough_contrast(page, live_server):
    page.goto(f"{live_server.url}/")
    ratios = dict(page.evaluate(CONTRAST_JS, BADGE_STYLES))
    too_low = {style: ratio for style, ratio in ratios.items() if ratio < 4.5}
    assert too_low == {}, ratios
