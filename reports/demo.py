"""Demo data of this app (called by `manage.py seed_demo`, idempotent).

Initiatives of the member organisations created by the members demo, their yearly figures, and the
published reports 2021-2025 (figures frozen, PDF rendered once) plus the 2026 draft. A second run finds
everything by its natural key and changes nothing: published versions are never re-rendered.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.builders import saved
from members.models import Area, MunicipalService, Organisation, OrganisationStatus, Theme, User
from reports import builders, services
from reports.demo_data import INITIATIVES, NARRATIVES, PUBLICATIONS
from reports.models import (
    AnnualReport,
    FundingSource,
    Initiative,
    InitiativeEvent,
    InitiativeStatus,
    InitiativeYear,
    ReportVersion,
    TargetGroup,
)

LAST_YEAR = 2026


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _organisations() -> list[Organisation]:
    return list(Organisation.objects.filter(status=OrganisationStatus.ACTIVE).order_by("name"))


def _representative_organisation() -> Organisation | None:
    return (
        Organisation.objects.filter(
            representatives__user__email="rappresentante@demo.tavolo.it",
            representatives__is_active=True,
            status=OrganisationStatus.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


def _lead(
    hint: str, index: int, organisations: list[Organisation], rep_org: Organisation | None
) -> Organisation:
    if hint == "@rep" and rep_org is not None:
        return rep_org
    for org in organisations:
        if hint.lower() in org.name.lower():
            return org
    return organisations[(index * 7) % len(organisations)]


def _services(hints: list[str]) -> list[MunicipalService]:
    query = Q()
    for hint in hints:
        query |= Q(name__icontains=hint)
    return list(MunicipalService.objects.filter(query)) if hints else []


def _staff_user() -> User | None:
    return User.objects.filter(email="segreteria@demo.tavolo.it").first()


def _seed_initiative(index: int, spec: tuple, organisations, rep_org, staff) -> bool:
    (
        title,
        hint,
        starts_on,
        ends_on,
        themes,
        targets,
        areas,
        funding,
        service_hints,
        people,
        volunteers,
        status,
        description,
    ) = spec
    if Initiative.objects.filter(title=title).exists():
        return False
    lead = _lead(hint, index, organisations, rep_org)
    others = [org for org in organisations if org.pk != lead.pk]
    partner_count = 1 + index % 3
    partners = [others[(index * 5 + k * 3) % len(others)] for k in range(partner_count)] if others else []
    initiative = saved(builders.initiative(
        title=title,
        description=description,
        lead_organisation=lead,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    ))
    initiative.partners.set(partners)
    initiative.themes.set(Theme.objects.filter(slug__in=themes))
    initiative.target_groups.set(TargetGroup.objects.filter(slug__in=targets))
    initiative.areas.set(Area.objects.filter(slug__in=areas))
    initiative.funding_sources.set(FundingSource.objects.filter(slug__in=funding))
    initiative.services.set(_services(service_hints))

    declared = _aware(max(starts_on - dt.timedelta(days=20), dt.date(2021, 1, 4)))
    steps = [("", InitiativeStatus.DRAFT, declared, "")]
    if status != InitiativeStatus.DRAFT:
        steps.append(
            (InitiativeStatus.DRAFT, InitiativeStatus.SUBMITTED, declared + dt.timedelta(days=2), "")
        )
    if status == InitiativeStatus.VALIDATED:
        steps.append(
            (InitiativeStatus.SUBMITTED, InitiativeStatus.VALIDATED, declared + dt.timedelta(days=6), "")
        )
    if status == InitiativeStatus.REJECTED:
        steps.append(
            (
                InitiativeStatus.SUBMITTED,
                InitiativeStatus.REJECTED,
                declared + dt.timedelta(days=5),
                "Indicate i servizi comunali coinvolti e chiarite chi coordina le assistenti familiari.",
            )
        )
    for from_status, to_status, at, reason in steps:
        InitiativeEvent.objects.create(
            initiative=initiative,
            from_status=from_status,
            to_status=to_status,
            at=at,
            by=staff if to_status in (InitiativeStatus.VALIDATED, InitiativeStatus.REJECTED) else None,
            reason=reason,
        )

    last_year = min(ends_on.year if ends_on else LAST_YEAR, LAST_YEAR)
    for offset, year in enumerate(range(starts_on.year, last_year + 1)):
        growth = 1 + 0.12 * offset + (index % 4) * 0.03
        InitiativeYear.objects.get_or_create(
            initiative=initiative,
            year=year,
            defaults={
                "people_reached": round(people * growth),
                "volunteers": round(volunteers * (1 + 0.08 * offset)),
                "volunteer_hours": round(volunteers * (1 + 0.08 * offset) * (38 + index % 5 * 9)),
                "budget": Decimal(1500 + (index * 1370) % 24000) if index % 3 else None,
            },
        )
    return True


def _seed_reports(staff: User | None, stdout) -> int:
    published = 0
    for year, (presentation, context, conclusions) in NARRATIVES.items():
        report, _created = AnnualReport.objects.get_or_create(
            year=year, defaults={"presentation": presentation, "context": context, "conclusions": conclusions}
        )
        if staff is None or year not in PUBLICATIONS or report.versions.exists():
            continue
        for day, note in PUBLICATIONS[year]:
            version = services.report_publish(report=report, by=staff, note=note)
            ReportVersion.objects.filter(pk=version.pk).update(published_at=_aware(day, 11))
            published += 1
    return published


def seed(*, stdout) -> None:
    organisations = _organisations()
    if len(organisations) < 2:
        stdout.write("reports: no member organisations yet, no initiatives created")
        return
    rep_org = _representative_organisation()
    staff = _staff_user()
    created = sum(
        _seed_initiative(index, spec, organisations, rep_org, staff) for index, spec in enumerate(INITIATIVES)
    )
    published = _seed_reports(staff, stdout)
    stdout.write(f"reports: {created} initiatives created, {published} report versions published")
