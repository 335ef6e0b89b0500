"""The DCAT-AP_IT description (JSON-LD) of the published reports, for the open-data catalogue to harvest.

One dataset per published year (its latest version), each with its distributions: the tidy CSV, the
CSV for Excel, the organisations' CSV, the JSON, the Data Package and the PDF. Licence: CC-BY 4.0
(the national controlled vocabulary's A21_CCBY40).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import ReportVersion

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
LICENCE = {
    "@id": "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40",
    "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
    "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
    "foaf:name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
}


def _publisher() -> dict:
    agent = {
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": settings.TAVOLO_MUNICIPALITY,
    }
    if settings.TAVOLO_IPA_CODE:
        agent["dct:identifier"] = settings.TAVOLO_IPA_CODE
    return agent


def _distribution(request: HttpRequest, *, url: str, title: str, file_type: str, media_type: str) -> dict:
    absolute = request.build_absolute_uri(url)
    return {
        "@id": absolute,
        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
        "dct:title": title,
        "dct:format": {"@id": f"{EU}file-type/{file_type}"},
        "dcat:mediaType": media_type,
        "dcat:accessURL": {"@id": absolute},
        "dcat:downloadURL": {"@id": absolute},
        "dct:license": LICENCE,
    }


def _dataset(request: HttpRequest, version: ReportVersion) -> dict:
    year, number = version.report.year, version.number

    def data(name: str) -> str:
        return reverse("reports:version_data", args=[year, number, name])

    identifier = f"{settings.TAVOLO_IPA_CODE or 'tavolo-delle-risorse'}:tavolo-delle-risorse-{year}"
    return {
        "@id": request.build_absolute_uri(reverse("reports:detail", args=[year])),
        "@type": ["dcat:Dataset", "dcatapit:Dataset"],
        "dct:identifier": identifier,
        "dct:title": _("Tavolo delle Risorse - Synthesis document %(year)s") % {"year": year},
        "dct:description": _(
            "Figures of the %(year)s synthesis document: member organisations, meetings, training and "
            "community-welfare initiatives (version %(number)s)."
        )
        % {"year": year, "number": number},
        "dct:issued": {"@value": version.published_at.date().isoformat(), "@type": "xsd:date"},
        "dct:modified": {"@value": version.published_at.date().isoformat(), "@type": "xsd:date"},
        "dct:language": {"@id": f"{EU}language/ITA"},
        "dcat:theme": [{"@id": f"{EU}data-theme/SOCI"}, {"@id": f"{EU}data-theme/GOVE"}],
        "dcat:keyword": ["welfare di comunità", "Tavolo delle Risorse", "terzo settore"],
        "dct:accrualPeriodicity": {"@id": f"{EU}frequency/ANNUAL"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": f"{year}-01-01", "@type": "xsd:date"},
            "dcat:endDate": {"@value": f"{year}-12-31", "@type": "xsd:date"},
        },
        "dct:publisher": _publisher(),
        "dct:rightsHolder": _publisher(),
        "dcat:landingPage": {"@id": request.build_absolute_uri(reverse("reports:detail", args=[year]))},
        "dcat:distribution": [
            _distribution(request, url=url, title=title, file_type=file_type, media_type=media_type)
            for url, title, file_type, media_type in (
                (data("indicatori.csv"), _("Figures (CSV)"), "CSV", "text/csv"),
                (data("indicatori-excel.csv"), _("Figures (CSV for Excel)"), "CSV", "text/csv"),
                (data("organizzazioni.csv"), _("Member organisations (CSV)"), "CSV", "text/csv"),
                (data("dati.json"), _("Figures (JSON)"), "JSON", "application/json"),
                (data("datapackage.json"), _("Data Package description"), "JSON", "application/json"),
                (version.get_pdf_url(), _("Synthesis document (PDF)"), "PDF", "application/pdf"),
            )
        ],
    }


def dcat_catalogue(request: HttpRequest, versions: list[ReportVersion]) -> dict:
    """The catalogue of the published reports as DCAT-AP_IT JSON-LD."""
    with translation.override(settings.LANGUAGE_CODE):
        modified = max((v.published_at for v in versions), default=None)
        catalogue = {
            "@context": CONTEXT,
            "@id": request.build_absolute_uri(reverse("reports:dcat")),
            "@type": ["dcat:Catalog", "dcatapit:Catalog"],
            "dct:title": _("Tavolo delle Risorse - %(municipality)s: synthesis documents")
            % {"municipality": settings.TAVOLO_MUNICIPALITY},
            "dct:description": _(
                "The yearly synthesis documents of the Tavolo delle Risorse and their figures."
            ),
            "dct:publisher": _publisher(),
            "dct:language": {"@id": f"{EU}language/ITA"},
            "foaf:homepage": {"@id": request.build_absolute_uri(reverse("reports:archive"))},
            "dct:license": LICENCE,
            "dcat:dataset": [_dataset(request, version) for version in versions],
        }
        if modified is not None:
            catalogue["dct:modified"] = {"@value": modified.date().isoformat(), "@type": "xsd:date"}
        return catalogue
