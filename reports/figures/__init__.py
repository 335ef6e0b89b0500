"""The annual report's figures: one JSON-serialisable dict per year, computed from history rows.

`compute_figures(year)` is what a draft shows live and what publication freezes into a ReportVersion.
It holds no personal data: counts, and names of organisations (legal persons) in the annex.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from members.models import Sector
from reports.figures.activity import meetings_section, training_section
from reports.figures.decisions import decisions_section
from reports.figures.membership import membership_section
from reports.figures.quality import quality_notes
from reports.figures.welfare import welfare_section

__all__ = ["compute_figures"]


def compute_figures(year: int) -> dict:
    """Every data section of the report for a calendar year, as plain JSON values."""
    with translation.override(settings.LANGUAGE_CODE):
        sectors = list(Sector.objects.order_by("position", "name").values_list("pk", "name", "is_active"))
        membership, annex, member_ids, membership_quality = membership_section(year, sectors=sectors)
        meetings = meetings_section(year)
        training = training_section(year)
        welfare, welfare_quality = welfare_section(
            year, member_ids=member_ids, sector_names={pk: name for pk, name, _active in sectors}
        )
        figures = {
            "year": year,
            "membership": membership,
            "meetings": meetings,
            "training": training,
            "decisions": decisions_section(year),
            "welfare": welfare,
            "annex": annex,
            "quality": quality_notes(
                meetings=meetings, training=training, membership=membership_quality, welfare=welfare_quality
            ),
        }
    # A round trip makes live figures identical to the stored ones (dates, decimals, lazy strings).
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))
