"""Reads a PDF's accessibility structure back, so that a template change cannot silently untag it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def _struct_elements(node) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, DictionaryObject):
            if "/S" in item:
                found.append(item)
            if "/K" in item:
                stack.append(item["/K"])
    return found


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.append(font)
            fonts.extend(d.get_object() for d in font.get("/DescendantFonts", []))
    return fonts


def accessible_pdf_report(data: bytes) -> dict[str, object]:
    """What a PDF/UA checker looks at first, as plain values for a test to compare."""
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    elements = _struct_elements(catalog["/StructTreeRoot"]) if "/StructTreeRoot" in catalog else []
    fonts = _fonts(reader)
    descriptors = [f["/FontDescriptor"].get_object() for f in fonts if "/FontDescriptor" in f]
    xmp = ""
    if "/Metadata" in catalog:
        xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    return {
        "tagged": "/StructTreeRoot" in catalog and bool(catalog.get("/MarkInfo", {}).get("/Marked")),
        "lang": str(catalog.get("/Lang", "")),
        "title": (reader.metadata or {}).get("/Title", ""),
        "display_title": bool(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        "pdfua": "pdfuaid:part" in xmp,
        "fonts_not_embedded": sorted(
            str(d.get("/FontName"))
            for d in descriptors
            if not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        ),
        "font_families": sorted({str(d.get("/FontName")).split("+")[-1].split("-")[0] for d in descriptors}),
        "figures_without_alt": sum(1 for e in elements if e["/S"] == "/Figure" and not e.get("/Alt")),
        "headers_without_scope": sum(
            1 for e in elements if e["/S"] == "/TH" and "/Scope" not in e.get("/A", {}).get_object()
        ),
        "header_cells": sum(1 for e in elements if e["/S"] == "/TH"),
    }


def assert_accessible_pdf(data: bytes, *, title: str) -> dict[str, object]:
    report = accessible_pdf_report(data)
    expected = {
        "tagged": True,
        "lang": "it",
        "title": title,
        "display_title": True,
        "pdfua": True,
        "fonts_not_embedded": [],
        "font_families": ["Titillium"],
        "figures_without_alt": 0,
        "headers_without_scope": 0,
    }
    actual = {key: report[key] for key in expected}
    assert actual == expected, f"PDF accessibility differs: {actual} (expected {expected})"
    return report
