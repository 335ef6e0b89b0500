"""What the HTML page and the PDF show for a set of figures: the same charts, tables and texts."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.charts import bar_chart, column_chart

MAX_BARS = 10


def _items(
    rows: list[dict], label: str = "label", value: str = "count", *, limit: int | None = MAX_BARS
) -> list[tuple[str, float]]:
    """Chart items; beyond `limit` the smallest are summed into one "others" bar (the table lists all)."""
    items = [(str(row.get(label, "")), row.get(value) or 0) for row in rows or []]
    if limit is None or len(items) <= limit:
        return items
    rest = items[limit - 1 :]
    return [*items[: limit - 1], (_("Others (%(count)s)") % {"count": len(rest)}, sum(v for _l, v in rest))]


def charts_for(figures: dict) -> dict[str, SafeString]:
    """Every chart of the report, keyed by the name the templates use."""
    year = figures.get("year")
    membership = figures.get("membership", {})
    meetings = figures.get("meetings", {})
    training = figures.get("training", {})
    welfare = figures.get("welfare", {})
    return {
        "trend": column_chart(
            chart_id="chart-trend",
            title=_("Member organisations at 31 December of each year"),
            items=_items(membership.get("trend", []), "year", "members", limit=None),
        ),
        "by_sector": bar_chart(
            chart_id="chart-sector",
            title=_("Member organisations at 31 December %(year)s by sector") % {"year": year},
            items=_items(membership.get("by_sector", [])),
        ),
        "by_legal_form": bar_chart(
            chart_id="chart-legal-form",
            title=_("Member organisations by legal form"),
            items=_items(membership.get("by_legal_form", [])),
        ),
        "topics_by_theme": bar_chart(
            chart_id="chart-topics",
            title=_("Agenda topics by theme"),
            items=_items(meetings.get("topics_by_theme", []), "theme"),
        ),
        "training_sessions": bar_chart(
            chart_id="chart-training",
            title=_("Participants in each training session"),
            items=_items(training.get("sessions_list", []), "title", "participants"),
        ),
        "initiatives_by_theme": bar_chart(
            chart_id="chart-initiatives-theme",
            title=_("Initiatives active in %(year)s by theme") % {"year": year},
            items=_items(welfare.get("by_theme", [])),
        ),
        "initiatives_by_target": bar_chart(
            chart_id="chart-initiatives-target",
            title=_("Initiatives active in %(year)s by target group") % {"year": year},
            items=_items(welfare.get("by_target_group", [])),
        ),
        "funding": bar_chart(
            chart_id="chart-funding",
            title=_("Initiatives by funding source"),
            items=_items(welfare.get("by_funding_source", [])),
        ),
        "resources": bar_chart(
            chart_id="chart-resources",
            title=_("Resources made available to the network, by kind"),
            items=_items(welfare.get("resources_by_kind", [])),
        ),
    }


def highlights_for(figures: dict) -> list[tuple[str, float]]:
    """The key numbers shown at the top of the report."""
    year = figures.get("year")
    members = figures.get("membership", {}).get("members_at_year_end", 0)
    meetings = figures.get("meetings", {}).get("meetings_held", 0)
    sessions = figures.get("training", {}).get("sessions", 0)
    active = figures.get("welfare", {}).get("initiatives_active", 0)
    people = figures.get("welfare", {}).get("people_reached", 0)
    return [
        (
            ngettext(
                "member organisation at 31 December %(year)s",
                "member organisations at 31 December %(year)s",
                members,
            )
            % {"year": year},
            members,
        ),
        (ngettext("meeting held", "meetings held", meetings), meetings),
        (ngettext("training session", "training sessions", sessions), sessions),
        (
            ngettext("community-welfare initiative active", "community-welfare initiatives active", active),
            active,
        ),
        (ngettext("person reached by the initiatives", "people reached by the initiatives", people), people),
    ]


def report_context(*, year: int, figures: dict, narrative: dict) -> dict:
    """The template context shared by the HTML page, the staff preview and the PDF."""
    return {
        "year": year,
        "next_year": year + 1,
        "figures": figures,
        "membership": figures.get("membership", {}),
        "meetings": figures.get("meetings", {}),
        "training": figures.get("training", {}),
        # Versions frozen before decisions were recorded have no such section.
        "decisions": figures.get("decisions"),
        "welfare": figures.get("welfare", {}),
        "annex": figures.get("annex", {}),
        "narrative": narrative,
        "charts": charts_for(figures),
        "highlights": highlights_for(figures),
    }
