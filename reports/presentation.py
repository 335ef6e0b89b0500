"""What the HTML page and the PDF show for a set of figures: the same charts, tables and texts."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.italian import articled
from reports.charts import bar_chart, column_chart, format_euro, format_number
from reports.opendata import quality_sentence

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
            title=_("Registrations to each training session"),
            items=_items(training.get("sessions_list", []), "title", "registrations"),
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
            title=_("Resources available during the year, by kind"),
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


def _n(value: object) -> str:
    return format_number(value or 0)  # type: ignore[arg-type]


def _plural_of(value: object) -> int:
    """The count ngettext chooses the form by: 1 is singular, 1,5 hours is plural."""
    return 1 if value == 1 else 2


def membership_texts(year: int, m: dict) -> dict[str, str]:
    start, end = m.get("members_at_start", 0), m.get("members_at_year_end", 0)
    entries, exits = m.get("entries", 0), m.get("exits", 0)
    end_text = (
        ngettext(
            "On 31 December %(year)s the table had %(count)s member organisation.",
            "On 31 December %(year)s the table had %(count)s member organisations.",
            end,
        )
        if end
        else _("On 31 December %(year)s the table had no member organisation.")
    ) % {"year": year, "count": _n(end)}
    if "entries" not in m:
        # A version published before the flow was computed: it says only what it counted then.
        return {"start": "", "entries": "", "exits": "", "end": end_text}
    return {
        "start": (
            ngettext(
                "On 1 January %(year)s the table had %(count)s member organisation.",
                "On 1 January %(year)s the table had %(count)s member organisations.",
                start,
            )
            if start
            else _("On 1 January %(year)s the table had no member organisation.")
        )
        % {"year": year, "count": _n(start)},
        **_flow_sentences(m, entries, exits),
        "end": end_text,
    }


def _flow_sentences(m: dict, entries: int, exits: int) -> dict[str, str]:
    """The year's entries and exits as one sentence in two halves; a zero is said in words ("nessuna
    uscita"), never written as "0 uscite"."""
    entry_kinds = {
        "joined": _n(m.get("joined")),
        "rejoined": _n(m.get("rejoined")),
        "reinstated": _n(m.get("reinstated")),
    }
    exit_kinds = {
        "withdrew": _n(m.get("withdrew")),
        "suspended": _n(m.get("suspended")),
        "excluded": _n(m.get("excluded")),
    }
    if not entries and not exits:
        return {"entries": _("During the year no organisation joined or left the table."), "exits": ""}
    if not entries:
        return {
            "entries": _("During the year no organisation joined the table;"),
            "exits": ngettext(
                "there was %(count)s exit (withdrawals: %(withdrew)s; suspensions: %(suspended)s; "
                "exclusions: %(excluded)s).",
                "there were %(count)s exits (withdrawals: %(withdrew)s; suspensions: %(suspended)s; "
                "exclusions: %(excluded)s).",
                exits,
            )
            % {"count": _n(exits), **exit_kinds},
        }
    entries_text = ngettext(
        "During the year there was %(count)s entry into the membership "
        "(first memberships: %(joined)s; memberships again after leaving: %(rejoined)s; "
        "reinstatements after a suspension: %(reinstated)s)",
        "During the year there were %(count)s entries into the membership "
        "(first memberships: %(joined)s; memberships again after leaving: %(rejoined)s; "
        "reinstatements after a suspension: %(reinstated)s)",
        entries,
    ) % {"count": _n(entries), **entry_kinds}
    if not exits:
        return {"entries": entries_text, "exits": _("and no exit.")}
    exits_text = ngettext(
        "and %(count)s exit (withdrawals: %(withdrew)s; suspensions: %(suspended)s; "
        "exclusions: %(excluded)s).",
        "and %(count)s exits (withdrawals: %(withdrew)s; suspensions: %(suspended)s; "
        "exclusions: %(excluded)s).",
        exits,
    ) % {"count": _n(exits), **exit_kinds}
    return {"entries": entries_text, "exits": exits_text}


def flow_rows(m: dict) -> list[tuple[str, str]]:
    """The membership flow as the rows of a table: start, each kind of entry and exit, end."""
    if "entries" not in m:
        return []
    return [
        (_("Member organisations at 1 January"), _n(m.get("members_at_start"))),
        (_("+ first memberships"), _n(m.get("joined"))),
        (_("+ memberships again after leaving"), _n(m.get("rejoined"))),
        (_("+ reinstatements after a suspension"), _n(m.get("reinstated"))),
        (_("− withdrawals"), _n(m.get("withdrew"))),
        (_("− suspensions"), _n(m.get("suspended"))),
        (_("− exclusions"), _n(m.get("excluded"))),
        (_("Member organisations at 31 December"), _n(m.get("members_at_year_end"))),
    ]


def training_texts(year: int, t: dict) -> dict[str, str]:
    sessions, hours = t.get("sessions", 0), t.get("hours", 0)
    # Versions published before people were counted have "participants" (registrations) only.
    registrations, people = t.get("registrations", t.get("participants", 0)), t.get("people")
    certificates = t.get("certificates", 0)
    without = len(t.get("lessons_without_register", []))
    if not sessions:
        return {"sessions": _("In %(year)s the table held no training session.") % {"year": year}, "rate": ""}
    texts = {
        "sessions": ngettext(
            "In %(year)s the table held %(count)s training session,",
            "In %(year)s the table held %(count)s training sessions,",
            sessions,
        )
        % {"year": year, "count": _n(sessions)}
        + " "
        + ngettext("for %(count)s hour of lessons,", "for %(count)s hours of lessons,", _plural_of(hours))
        % {"count": _n(hours)}
        + " "
        + (
            _("with no confirmed registration.")
            if not registrations
            else ngettext(
                "with %(count)s confirmed registration",
                "with %(count)s confirmed registrations",
                registrations,
            )
            % {"count": _n(registrations)}
            + (
                " "
                + ngettext("of %(count)s person.", "of %(count)s different people.", people)
                % {"count": _n(people)}
                if people is not None
                else "."
            )
        ),
    }
    rate = t.get("attendance_rate")
    if rate is None:
        texts["rate"] = _("The attendance rate cannot be computed: no lesson held has a register.")
    else:
        texts["rate"] = _(
            "The attendance rate, hours attended over hours scheduled for the registered people, "
            "was %(rate)s%%."
        ) % {"rate": articled(format_number(rate, places=1), "di")}  # "dell'86,1%" (Italian only)
    if without:
        texts["rate"] += " " + ngettext(
            "%(count)s lesson has no register and is left out of the rate.",
            "%(count)s lessons have no register and are left out of the rate.",
            without,
        ) % {"count": _n(without)}
    if certificates:
        texts["certificates"] = ngettext(
            "%(count)s certificate of attendance was issued.",
            "%(count)s certificates of attendance were issued.",
            certificates,
        ) % {"count": _n(certificates)}
    else:
        texts["certificates"] = _("No certificate of attendance was issued.")
    return texts


def welfare_texts(year: int, w: dict) -> dict[str, str]:
    active, reporting = w.get("initiatives_active", 0), w.get("initiatives_reporting", 0)
    network = w.get("network", {})
    organisations, partnerships = network.get("organisations", 0), network.get("partnerships", 0)
    if not active:
        texts = {
            "active": _(
                "In %(year)s no community-welfare initiative led by an organisation that was a member during "
                "the year was active."
            )
            % {"year": year},
            "reporting": "",
        }
    else:
        texts = {
            "active": ngettext(
                "In %(year)s %(count)s community-welfare initiative led by an organisation that was a member "
                "during the year was active.",
                "In %(year)s %(count)s community-welfare initiatives led by organisations that were members "
                "during the year were active.",
                active,
            )
            % {"year": year, "count": _n(active)},
            "reporting": _reporting_sentence(active, reporting, w),
        }
    if not organisations:
        texts["network"] = _("No organisation took part in a partnership.")
    else:
        texts["network"] = (
            ngettext(
                "%(count)s organisation took part in at least one partnership",
                "%(count)s organisations took part in at least one partnership",
                organisations,
            )
            % {"count": _n(organisations)}
            + " "
            + ngettext(
                "(%(count)s partnership between a lead organisation and a partner,",
                "(%(count)s partnerships between a lead organisation and a partner,",
                partnerships,
            )
            % {"count": _n(partnerships)}
            + " "
            + _across_sectors(network.get("partnerships_across_sectors") or 0)
        )
    missing = active - reporting
    if missing:
        texts["missing"] = ngettext(
            "%(count)s initiative did not declare its figures for the year and is not in these sums.",
            "%(count)s initiatives did not declare their figures for the year and are not in these sums.",
            missing,
        ) % {"count": _n(missing)}
    return texts


def _reporting_sentence(active: int, reporting: int, w: dict) -> str:
    """How many active initiatives declared their figures, and the sums of what they declared."""
    if not reporting:
        return _("None of them declared its figures for the year.")
    if reporting == active:
        lead = ngettext(
            "It declared its figures for the year:",
            "All of them declared their figures for the year:",
            active,
        )
    else:
        lead = ngettext(
            "Of these, %(count)s declared its figures for the year:",
            "Of these, %(count)s declared their figures for the year:",
            reporting,
        ) % {"count": _n(reporting)}
    return (
        lead
        + " "
        + _(
            "people reached %(people)s; volunteers %(volunteers)s; volunteer hours %(hours)s; "
            "budget %(budget)s euro."
        )
        % {
            "people": _n(w.get("people_reached")),
            "volunteers": _n(w.get("volunteers")),
            "hours": _n(w.get("volunteer_hours")),
            "budget": format_euro(w.get("budget") or 0),
        }
    )


def _across_sectors(count: int) -> str:
    if not count:
        return _("none of them across sectors).")
    return _("%(count)s of them across sectors).") % {"count": _n(count)}


def quality_items(figures: dict) -> list[dict]:
    """The data-quality notes with their sentence, for the preview's panel and the published document."""
    return [{**note, "sentence": quality_sentence(note["key"])} for note in figures.get("quality", [])]


def _annex_summary(annex: dict) -> dict:
    by_sector: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for org in annex.get("organisations", []):
        for sector in org.get("sectors", []):
            by_sector[sector] = by_sector.get(sector, 0) + 1
        area = org.get("area") or _("Not specified")
        by_area[area] = by_area.get(area, 0) + 1

    def rows(counts: dict[str, int]) -> list[dict]:
        return [{"label": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    return {"by_sector": rows(by_sector), "by_area": rows(by_area)}


def report_context(*, year: int, figures: dict, narrative: dict, pdf: bool = False) -> dict:
    """The template context shared by the HTML page, the staff preview and the PDF.

    The PDF prints no chart (each chart's table is its accessible alternative) and summarises the annex:
    each document gets only what it prints.
    """
    membership = figures.get("membership", {})
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
        "charts": {} if pdf else charts_for(figures),
        "highlights": highlights_for(figures),
        "membership_text": membership_texts(year, membership),
        "flow_rows": flow_rows(membership),
        "training_text": training_texts(year, figures.get("training", {})),
        "welfare_text": welfare_texts(year, figures.get("welfare", {})),
        "quality": quality_items(figures),
        "annex_summary": _annex_summary(figures.get("annex", {})) if pdf else {},
    }


def published_page_body(version, versions: list) -> SafeString:
    """The body of a published version's public page (without the layout), in the active language.

    The same template the live page includes: what it shows comes only from the frozen version (its
    figures, narrative, number, date and the versions before it) and from settings, never from the
    request, so it can be rendered once at publication and served as it is.
    """
    from django.conf import settings
    from django.template.loader import render_to_string

    year = version.report.year
    return SafeString(
        render_to_string(
            "reports/_detail_body.html",
            {
                **report_context(year=year, figures=version.figures, narrative=version.narrative),
                "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
                "report": version.report,
                "version": version,
                "versions": versions,
                "preview": False,
            },
        )
    )
