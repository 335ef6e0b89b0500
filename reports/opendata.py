"""The figures of a published version as open data: tidy CSV, CSV for Excel, JSON, Data Package, DCAT-AP_IT.

One row per number: year, version, section, indicator (Italian label), key (English, stable), detail
(the breakdown's label, empty for a total), value (a number, empty when unknown) and unit. Licence:
CC-BY 4.0, as the national open-data guidelines suggest; it is stated in every file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets import csv_cell

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
LICENCE_URL = LICENCE["path"]

# Column names (Italian, as the data's readers are) with their English keys and Table Schema types.
INDICATOR_COLUMNS = (
    ("anno", "year", "integer"),
    ("versione", "version", "integer"),
    ("sezione", "section", "string"),
    ("indicatore", "indicator", "string"),
    ("chiave", "key", "string"),
    ("dettaglio", "detail", "string"),
    ("valore", "value", "number"),
    ("unita_di_misura", "unit", "string"),
)
ORGANISATION_COLUMNS = (
    ("anno", "year", "integer"),
    ("versione", "version", "integer"),
    ("organizzazione", "organisation", "string"),
    ("forma_giuridica", "legal_form", "string"),
    ("zona", "area", "string"),
    ("settore", "sector", "string"),
)


@dataclass(frozen=True)
class Row:
    section: str
    indicator: str
    key: str
    detail: str
    value: float | int | None
    unit: str


def _section_names() -> dict[str, str]:
    return {
        "membership": _("Member organisations"),
        "meetings": _("Meetings"),
        "training": _("Training"),
        "welfare": _("Community-welfare processes"),
        "quality": _("What could not be counted"),
    }


def _units() -> dict[str, str]:
    return {
        "org": _("organisations"),
        "mov": _("movements"),
        "meet": _("meetings"),
        "topic": _("agenda topics"),
        "rout": _("routings"),
        "sess": _("training sessions"),
        "hour": _("hours"),
        "reg": _("registrations"),
        "people": _("people"),
        "pct": _("percent"),
        "lesson": _("lessons"),
        "cert": _("certificates"),
        "score": _("score out of 5"),
        "eval": _("evaluations"),
        "init": _("initiatives"),
        "vol": _("volunteers"),
        "euro": _("euro"),
        "pair": _("partnerships"),
        "res": _("resources"),
        "item": _("items"),
    }


def _spec() -> dict[str, list[tuple]]:
    """(key, indicator, unit) for totals; (key, indicator, unit, label_key, value_key) for breakdowns."""
    return {
        "membership": [
            ("members_at_start", _("Member organisations at 1 January"), "org"),
            ("entries", _("Entries into the membership"), "mov"),
            ("joined", _("Entries: first membership"), "mov"),
            ("rejoined", _("Entries: membership again after leaving"), "mov"),
            ("reinstated", _("Entries: reinstated after a suspension"), "mov"),
            ("exits", _("Exits from the membership"), "mov"),
            ("withdrew", _("Exits: withdrawal"), "mov"),
            ("suspended", _("Exits: suspension"), "mov"),
            ("excluded", _("Exits: exclusion"), "mov"),
            ("members_at_year_end", _("Member organisations at 31 December"), "org"),
            ("members_during_year", _("Organisations that were members during the year"), "org"),
            ("by_sector", _("Member organisations at 31 December by sector"), "org", "label", "count"),
            ("by_nature", _("Member organisations at 31 December by nature"), "org", "label", "count"),
            (
                "by_legal_form",
                _("Member organisations at 31 December by legal form"),
                "org",
                "label",
                "count",
            ),
            ("by_area", _("Member organisations at 31 December by area"), "org", "label", "count"),
            ("trend", _("Member organisations at 31 December of each year"), "org", "year", "members"),
        ],
        "meetings": [
            ("meetings_held", _("Meetings held"), "meet"),
            ("meetings_by_kind", _("Meetings held by kind"), "meet", "kind", "count"),
            ("topics_by_theme", _("Agenda topics by theme"), "topic", "theme", "count"),
            ("routings_total", _("Agenda topics routed to the municipal services"), "rout"),
            ("routings_answered_on_time", _("Routings answered on time"), "rout"),
            ("services_involved", _("Routings by municipal service"), "rout", "service", "routings"),
            (
                "services_involved",
                _("Routings answered on time by municipal service"),
                "rout",
                "service",
                "answered_on_time",
            ),
            ("attendance", _("Organisations present at each meeting"), "org", "meeting", "present"),
            ("attendance", _("Organisations invited to each meeting"), "org", "meeting", "invited"),
        ],
        "training": [
            ("sessions", _("Training sessions held"), "sess"),
            ("hours", _("Hours of lessons"), "hour"),
            ("registrations", _("Confirmed registrations"), "reg"),
            ("people", _("People registered (each person once)"), "people"),
            (
                "hours_scheduled",
                _("Hours scheduled for the registered people (lessons with a register)"),
                "hour",
            ),
            ("hours_attended", _("Hours attended"), "hour"),
            ("attendance_rate", _("Attendance rate (hours attended over hours scheduled)"), "pct"),
            ("lessons_held", _("Lessons held"), "lesson"),
            ("certificates", _("Certificates of attendance issued"), "cert"),
            ("average_rating", _("Average rating of the sessions"), "score"),
            ("ratings", _("Evaluations received"), "eval"),
            ("sessions_list", _("Hours of each training session"), "hour", "title", "hours"),
            ("sessions_list", _("Registrations to each training session"), "reg", "title", "registrations"),
            ("sessions_list", _("People who attended each training session"), "people", "title", "attended"),
        ],
        "welfare": [
            ("initiatives_active", _("Initiatives of the member organisations active in the year"), "init"),
            ("initiatives_reporting", _("Initiatives that declared their figures for the year"), "init"),
            ("people_reached", _("People reached (sum of the initiatives' declarations)"), "people"),
            ("volunteers", _("Volunteers (sum of the initiatives' declarations)"), "vol"),
            ("volunteer_hours", _("Volunteer hours"), "hour"),
            ("budget", _("Budget declared"), "euro"),
            ("by_theme", _("Initiatives by theme"), "init", "label", "count"),
            ("by_target_group", _("Initiatives by target group"), "init", "label", "count"),
            ("by_area", _("Initiatives by area"), "init", "label", "count"),
            ("by_funding_source", _("Initiatives by funding source"), "init", "label", "count"),
            ("services_involved", _("Initiatives by municipal service involved"), "init", "label", "count"),
            ("network.organisations", _("Organisations in at least one partnership"), "org"),
            ("network.partnerships", _("Partnerships between a lead organisation and a partner"), "pair"),
            ("network.partnerships_across_sectors", _("Partnerships across sectors"), "pair"),
            ("network.by_sector_pair", _("Partnerships by pair of sectors"), "pair", "label", "count"),
            ("resources_by_kind", _("Resources available during the year by kind"), "res", "label", "count"),
            (
                "resources_by_kind",
                _("Organisations offering resources by kind"),
                "org",
                "label",
                "organisations",
            ),
            ("initiatives", _("People reached by each initiative"), "people", "title", "people_reached"),
            ("initiatives", _("Partners of each initiative"), "org", "title", "partners"),
        ],
    }


def _get(section: dict, dotted: str):
    value: object = section
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _number(value: object) -> float | int | None:
    if isinstance(value, bool) or value is None:
        return None
    return value if isinstance(value, (int, float)) else None


def indicator_rows(figures: dict) -> list[Row]:
    """Every number of the figures with its Italian label, English key and unit, in the report's order."""
    with translation.override(settings.LANGUAGE_CODE):
        names, units = _section_names(), _units()
        rows: list[Row] = []
        for section, specs in _spec().items():
            data = figures.get(section, {})
            for spec in specs:
                key, indicator, unit = spec[:3]
                if len(spec) == 3:
                    rows.append(
                        Row(
                            names[section],
                            indicator,
                            f"{section}.{key}",
                            "",
                            _number(_get(data, key)),
                            units[unit],
                        )
                    )
                    continue
                label_key, value_key = spec[3:]
                for item in _get(data, key) or []:
                    rows.append(
                        Row(
                            names[section],
                            indicator,
                            f"{section}.{key}.{value_key}",
                            str(item.get(label_key, "")),
                            _number(item.get(value_key)),
                            units[unit],
                        )
                    )
        for note in figures.get("quality", []):
            rows.append(
                Row(
                    names["quality"],
                    quality_sentence(note["key"]),
                    f"quality.{note['key']}",
                    "",
                    note["count"],
                    units["item"],
                )
            )
    return rows


def quality_sentence(key: str) -> str:
    """The heading of a data-quality note (what could not be counted)."""
    return {
        "meetings_with_attendance_not_held": _(
            "Meetings convened with attendance recorded but never marked as held (not counted)"
        ),
        "meetings_not_marked_held": _("Meetings convened, date passed, never marked as held (not counted)"),
        "lessons_without_register": _("Lessons without a register (left out of the attendance rate)"),
        "sessions_not_yet_held": _("Training sessions not held yet (not counted)"),
        "initiatives_without_figures": _(
            "Initiatives counted without their figures for the year (people, volunteers, hours, budget)"
        ),
        "initiatives_awaiting_validation": _("Initiatives awaiting validation (not counted)"),
        "initiatives_of_non_members": _(
            "Initiatives of organisations that were not members during the year (not counted)"
        ),
        "resources_without_history": _(
            "Resources without an availability history (counted as they are today)"
        ),
        "profiles_without_history": _(
            "Member organisations without a profile history (sector, area and legal form as they are today)"
        ),
    }.get(key, key)


def _format(value: float | int | None, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", decimal)


def indicators_csv(figures: dict, *, year: int, version: int, excel: bool = False) -> str:
    """The tidy CSV (UTF-8, comma, dot as decimal separator) or the Excel one (BOM, semicolon, comma)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([name for name, _key, _type in INDICATOR_COLUMNS])
    for row in indicator_rows(figures):
        cells = [
            year,
            version,
            row.section,
            row.indicator,
            row.key,
            row.detail,
            _format(row.value, "," if excel else "."),
            row.unit,
        ]
        writer.writerow([csv_cell(cell) for cell in cells])
    return ("\ufeff" if excel else "") + out.getvalue()


def organisation_rows(figures: dict) -> Iterator[tuple[str, str, str, str]]:
    """One row per member organisation and sector (an organisation in two sectors has two rows)."""
    for org in figures.get("annex", {}).get("organisations", []):
        for sector in org.get("sectors") or [""]:
            yield (org["name"], org.get("legal_form", ""), org.get("area", ""), sector)


def organisations_csv(figures: dict, *, year: int, version: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _key, _type in ORGANISATION_COLUMNS])
    for row in organisation_rows(figures):
        writer.writerow([year, version, *(csv_cell(cell) for cell in row)])
    return out.getvalue()


def figures_json(figures: dict, *, year: int, version: int, published_at: str, title: str) -> str:
    payload = {
        "title": title,
        "year": year,
        "version": version,
        "published_at": published_at,
        "publisher": settings.TAVOLO_MUNICIPALITY,
        "license": LICENCE,
        "figures": figures,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _schema(columns: tuple, descriptions: dict[str, str]) -> dict:
    return {
        "fields": [
            {"name": name, "title": key, "type": kind, "description": descriptions.get(key, "")}
            for name, key, kind in columns
        ],
        "missingValues": [""],
    }


def data_package(*, year: int, version: int, title: str, prefix: str = "") -> dict:
    """A Frictionless Data Package describing the version's CSV files (paths relative to `prefix`)."""
    with translation.override(settings.LANGUAGE_CODE):
        descriptions = {
            "year": _("Year the figures refer to"),
            "version": _("Published version of the report"),
            "section": _("Section of the report"),
            "indicator": _("What is counted"),
            "key": _("Stable English key of the indicator"),
            "detail": _("Breakdown (empty for a total)"),
            "value": _("The number (empty when unknown)"),
            "unit": _("Unit of measure"),
            "organisation": _("Name of the organisation"),
            "legal_form": _("Legal form at 31 December"),
            "area": _("Area of the municipality at 31 December"),
            "sector": _("One sector of the organisation at 31 December"),
        }
        return {
            "name": f"tavolo-delle-risorse-{year}-v{version}",
            "title": title,
            "licenses": [LICENCE],
            "version": str(version),
            "resources": [
                {
                    "name": "indicatori",
                    "path": f"{prefix}indicatori.csv",
                    "title": _("Figures of the report"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": _schema(INDICATOR_COLUMNS, descriptions),
                },
                {
                    "name": "organizzazioni",
                    "path": f"{prefix}organizzazioni.csv",
                    "title": _("Member organisations at 31 December"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": _schema(ORGANISATION_COLUMNS, descriptions),
                },
            ],
        }
