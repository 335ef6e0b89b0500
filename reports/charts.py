"""Bar charts as inline SVG: the same vector drawing in the HTML page and in the PDF.

Each chart carries its text alternative (<title> and <desc>, referenced by aria-labelledby); the page
puts the data table next to it. No script and no style attribute: presentation attributes only, so the
Content-Security-Policy and WeasyPrint are both satisfied.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

BAR_COLOUR = "#0066cc"
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#c5c7c9"


def _italian(number: Decimal, places: int) -> str:
    text = f"{number:,.{places}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def format_number(value: float | Decimal, *, places: int = 2) -> str:
    """1234 -> "1.234", 12.5 -> "12,5", 17000.75 -> "17.000,75": exact up to `places` decimals, then
    rounded half up as Italian documents do; no trailing zeros."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return _italian(number, 0)
    return _italian(number, places).rstrip("0")


def format_euro(value: float | Decimal) -> str:
    """An amount in euro with its two decimals: 17000.75 -> "17.000,75", 300 -> "300,00"."""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _italian(number, 2)


def _description(items: Sequence[tuple[str, float]]) -> str:
    return "; ".join(f"{label}: {format_number(value)}" for label, value in items)


def bar_chart(
    *, chart_id: str, title: str, items: Sequence[tuple[str, float]], width: int = 640
) -> SafeString:
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    if not items:
        return SafeString("")
    label_width, row, gap, top = 250, 22, 8, 6
    plot = width - label_width - 60
    peak = max((value for _label, value in items), default=0) or 1
    height = top + len(items) * (row + gap)
    parts = []
    for index, (label, value) in enumerate(items):
        y = top + index * (row + gap)
        length = max(plot * value / peak, 1 if value else 0)
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="{ink}">{label}</text>'
                '<rect x="{bx}" y="{y}" width="{bw}" height="{bh}" fill="{bar}"></rect>'
                '<text x="{vx}" y="{ty}" font-size="12" fill="{ink}">{value}</text>',
                lx=label_width - 8,
                ty=f"{y + row * 0.7:.1f}",
                ink=TEXT_COLOUR,
                label=Truncator(label).chars(38),
                bx=label_width,
                y=y,
                bw=f"{length:.1f}",
                bh=row,
                bar=BAR_COLOUR,
                vx=f"{label_width + length + 6:.1f}",
                value=format_number(value),
            )
        )
    body = SafeString("".join(parts))
    return _svg(chart_id, title, items, width, height, body)


def column_chart(
    *, chart_id: str, title: str, items: Sequence[tuple[str, float]], width: int = 640
) -> SafeString:
    """Vertical columns for a series over time (e.g. members at each 31 December)."""
    if not items:
        return SafeString("")
    height, bottom, top = 220, 28, 22
    plot_height = height - bottom - top
    slot = width / len(items)
    column = min(slot * 0.6, 70)
    peak = max((value for _label, value in items), default=0) or 1
    columns = []
    for index, (label, value) in enumerate(items):
        x = index * slot + (slot - column) / 2
        h = plot_height * value / peak
        columns.append(
            (
                f"{x:.1f}",
                f"{top + plot_height - h:.1f}",
                f"{column:.1f}",
                f"{h:.1f}",
                f"{x + column / 2:.1f}",
                f"{top + plot_height - h - 6:.1f}",
                format_number(value),
                f"{x + column / 2:.1f}",
                height - 8,
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="' + TEXT_COLOUR + '">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="' + TEXT_COLOUR + '">{}</text>',
        columns,
    )
    axis = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>',
        top + plot_height,
        width,
        top + plot_height,
        GRID_COLOUR,
    )
    return _svg(chart_id, title, items, width, height, axis + body)


def _svg(chart_id: str, title: str, items, width: int, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" width="{w}" height="{h}" '
        'font-family="Titillium Web, DejaVu Sans, sans-serif" '
        'viewBox="0 0 {w} {h}" aria-labelledby="{id}-title {id}-desc" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=_description(items),
        body=body,
    )
