"""Every PDF the portal produces goes through `render_pdf`: tagged (PDF/UA-1), in Titillium, with a
title the viewer shows, the document's language and metadata.

WeasyPrint tags tables but leaves header cells without a scope, which PDF/UA requires (Matterhorn
15-003): the finisher adds it, from the cells each header labels.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path

import pydyf
from django.conf import settings
from django.template.loader import render_to_string

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-italia" / "fonts" / "Titillium_Web"


def fonts_css() -> str:
    """@font-face rules for the PDF templates (WeasyPrint reads the files from disk)."""
    base = FONTS_DIR.as_uri()
    faces = []
    for weight, style, name in (
        (300, "normal", "300"),
        (400, "normal", "regular"),
        (400, "italic", "italic"),
        (600, "normal", "600"),
        (700, "normal", "700"),
    ):
        faces.append(
            f'@font-face {{ font-family: "Titillium Web"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{base}/titillium-web-v10-latin-ext_latin-{name}.woff"); }}'
        )
    return "\n".join(faces)


def _key(value: object) -> str:
    # References are bytes (b"12 0 R"), header ids pydyf.String: compare them as text.
    value = getattr(value, "string", value)
    return value.decode() if isinstance(value, bytes) else str(value)


def _scope_table_headers(document, pdf: pydyf.PDF) -> None:
    """Give every TH structure element /Scope: /Row when it labels cells of its own row, else /Column."""
    elements = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructElem"]
    row_headers: set[tuple[str, str]] = set()
    for cell in elements:
        if cell.get("S") == "/TD" and "Headers" in cell.get("A", {}):
            for header in cell["A"]["Headers"]:
                row_headers.add((_key(cell["P"]), _key(header)))
    for cell in elements:
        if cell.get("S") != "/TH":
            continue
        attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        is_row = "ID" in cell and (_key(cell["P"]), _key(cell["ID"])) in row_headers
        attributes["Scope"] = "/Row" if is_row else "/Column"


def render_pdf_template(template: str, context: dict[str, object]) -> bytes:
    """Render a PDF template that includes "core/pdf/_meta.html" (author, fonts) in its <head>."""
    html = render_to_string(
        template,
        {
            "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
            "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
            "pdf_fonts_css": fonts_css(),
            **context,
        },
    )
    return render_pdf(html)


def _describe_links(pdf: pydyf.PDF, descriptions: Mapping[str, str]) -> None:
    """Internal links described by their words (WeasyPrint writes the anchor's id as /Contents)."""
    for annotation in pdf.objects:
        if not isinstance(annotation, pydyf.Dictionary) or annotation.get("Subtype") != "/Link":
            continue
        target = _key(annotation.get("Dest", "")).strip("()").lstrip("#")
        if target in descriptions:
            annotation["Contents"] = pydyf.String(descriptions[target])


def render_pdf(
    html: str, *, base_url: str | None = None, link_descriptions: Mapping[str, str] | None = None
) -> bytes:
    """A tagged PDF/UA-1 document from a standalone HTML page (its <html lang> and <title> are used).

    `link_descriptions` maps an internal link's target id to the words that describe it (e.g. a table
    of contents' entries); without it, WeasyPrint describes a link by its target.
    """
    from weasyprint import HTML

    def finish(document, pdf: pydyf.PDF) -> None:
        _scope_table_headers(document, pdf)
        if link_descriptions:
            _describe_links(pdf, link_descriptions)

    # WeasyPrint makes millions of small objects that live until the document is written: the
    # collector's passes over the long-lived ones (Django, the figures) are wasted work. They are
    # frozen out of its sight for the render, and released afterwards.
    gc.collect()
    gc.freeze()
    try:
        return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf(
            pdf_variant="pdf/ua-1", finisher=finish
        )
    finally:
        gc.unfreeze()
