"""The synthesis document as PDF (WeasyPrint): A4, cover, contents with page numbers, tagged.

Rendering takes a few seconds: published versions are rendered once by a task and stored
(see services.report_version_render_pdf); only staff previews of drafts render on request.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from reports.presentation import report_context

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-italia" / "fonts" / "Titillium_Web"

# The PDF lists the initiatives one by one up to this many (about three pages); a longer list stays on
# the report's web page and in the open data, and the PDF says where, as it does for the annex. At
# 2,000 organisations the list ran to 362 rows, 17 of 40 pages and over half of the render time.
PDF_INITIATIVES_LISTED = 50


def document_title(year: int) -> str:
    return _("Tavolo delle Risorse - Synthesis document %(year)s") % {"year": year}


def report_html(
    *, year: int, figures: dict, narrative: dict, version: int | None, published_at: dt.datetime
) -> str:
    """The standalone HTML the PDF is made from (also kept as the version's snapshot)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = document_title(year)
        common = {
            "fonts": FONTS_DIR.as_uri(),
            "running_title": f"{settings.TAVOLO_MUNICIPALITY} · {title}".replace('"', "'"),
            "toc_label": _("Contents"),
        }
        css = render_to_string("reports/pdf/report.css", common)
        data_url = (
            reverse("reports:version_data", args=[year, version, "organizzazioni.csv"])
            if version
            else reverse("reports:datapackage", args=[year])
        )
        figures_url = (
            reverse("reports:version_data", args=[year, version, "dati.json"])
            if version
            else reverse("reports:datapackage", args=[year])
        )
        context = {
            **report_context(year=year, figures=figures, narrative=narrative, pdf=True),
            "pdf": True,
            "css": css,
            "document_title": title,
            "municipality": settings.TAVOLO_MUNICIPALITY,
            "office": settings.TAVOLO_OFFICE,
            "coat_of_arms": Path(settings.TAVOLO_COAT_OF_ARMS).as_uri()
            if settings.TAVOLO_COAT_OF_ARMS
            else "",
            "version": version,
            "published_at": timezone.localtime(published_at),
            "site_url": settings.SITE_URL,
            "organisations_data_url": data_url,
            "figures_data_url": figures_url,
            "report_url": reverse("reports:detail", args=[year]),
            "initiatives_listed": PDF_INITIATIVES_LISTED,
        }
        return render_to_string("reports/pdf/report.html", context)


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, language, title, header scopes, described links)."""
    return render_pdf(html, link_descriptions=_link_descriptions(html))


def _link_descriptions(html: str) -> dict[str, str]:
    """Each internal link's target and the words of its link (the table of contents' entries)."""
    return {
        target: unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', html, flags=re.S)
    }


def render_report_pdf(
    *, year: int, figures: dict, narrative: dict, version: int | None, published_at: dt.datetime
) -> bytes:
    return html_to_pdf(
        report_html(
            year=year, figures=figures, narrative=narrative, version=version, published_at=published_at
        )
    )
