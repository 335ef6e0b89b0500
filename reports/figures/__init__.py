"""The annual report's figures: one JSON-serialisable dict per year, computed from history rows.

`compute_figures(year)` is what a draft shows live and what publication freezes into a ReportVersion.
It holds no personal data: counts, and names of organisations (legal persons) in the annex.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from reports.figures.activity import meetings_section, training_section
from reports.figures.decisions import decisions_section
from reports.figures.flatten import flatten_figures
from reports.figures.membership import membership_section
from reports.figures.welfare import welfare_section

__all__ = ["compute_figures", "flatten_figures"]


def compute_figures(year: int) -> dict:
    """Every data section of the report for a calendar year, as plain JSON values."""
    with translation.override(settings.LANGUAGE_CODE):
        membership, annex, member_ids = membership_section(year)
        figures = {
            "year": year,
            "membership": membership,
            "meetings": meetings_section(year),
            "training": training_section(year),
            "decisions": decisions_section(year),
            "welfare": welfare_section(year, member_ids=member_ids),
            "annex": annex,
        }
    # A round trip makes live figures identical to the stored ones (dates, decimals, lazy strings).
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))
