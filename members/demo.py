"""Demo accounts and membership data (called by `manage.py seed_demo`, idempotent)."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from members import builders
from members.demo_data import ORGANISATIONS, RESOURCES, SERVICES
from members.models import (
    Area,
    Consent,
    ConsentKind,
    LegalForm,
    MunicipalService,
    Organisation,
    OrganisationStatus,
    RegulationVersion,
    Representative,
    Resource,
    ResourceAvailability,
    Sector,
    Theme,
    User,
)
from members.roles import Role, grant_role
from members.services import lifecycle as lc
from members.services.profile import organisation_profile_record

DEMO_PASSWORD = "tavolo-demo-2026"  # noqa: S105 - printed on purpose for the demo

# (email, role, first name, last name, label printed by seed_demo)
_ACCOUNTS = [
    (
        "assessore@demo.tavolo.it",
        Role.PRESIDENZA,
        "Bianca Maria",
        "Manzi",
        "Presidenza (Assessore al Welfare)",
    ),
    ("segreteria@demo.tavolo.it", Role.SEGRETERIA, "Laura", "Zanotti", "Segreteria (Ufficio Welfare)"),
    (
        "servizi.sociali@demo.tavolo.it",
        Role.SERVICE_REFERENT,
        "Marco",
        "Foschi",
        "Referente servizio comunale (Servizi sociali)",
    ),
    (
        "rappresentante@demo.tavolo.it",
        Role.REPRESENTATIVE,
        "Giulia",
        "Casadei",
        "Rappresentante organizzazione",
    ),
]
DEMO_ACCOUNTS = [(email, label) for email, _role, _first, _last, label in _ACCOUNTS]


def demo_user(email: str, *, first_name: str, last_name: str, role: Role | None = None) -> User:
    """Create (once) a verified demo account with the demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = builders.user(email=email, first_name=first_name, last_name=last_name)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role in (Role.PRESIDENZA, Role.SEGRETERIA)
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    if role is not None:
        grant_role(user, role)
    return user


def demo_fiscal_code(n: int) -> str:
    """A valid 11-digit fiscal code (office code 039, Ravenna) with its Luhn check digit."""
    return builders.fiscal_code((n * 7919 + 104729) % 9_999_999 + 1, office=39)


def _at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


_FIRST_NAMES = [
    "Anna",
    "Luca",
    "Marta",
    "Giorgio",
    "Silvia",
    "Roberto",
    "Elisa",
    "Stefano",
    "Valentina",
    "Matteo",
    "Federica",
    "Andrea",
    "Laura",
    "Nicola",
    "Cristina",
    "Fabio",
    "Paola",
    "Simone",
]
_LAST_NAMES = [
    "Casadei",
    "Bertozzi",
    "Mazzotti",
    "Pagliarani",
    "Ravaioli",
    "Zanzi",
    "Gardini",
    "Morigi",
    "Fabbri",
    "Lugaresi",
    "Spada",
    "Baldini",
    "Montanari",
    "Rossi",
    "Pasini",
    "Fantini",
    "Ricci",
]
_ROLES = [
    "Presidente",
    "Legale rappresentante",
    "Coordinatrice",
    "Direttore",
    "Dirigente scolastico",
    "Responsabile dei servizi",
    "Vicepresidente",
    "Parroco",
]


def _seed_services() -> None:
    for name, slug, description, email, phone, office, competences, referent in SERVICES:
        service = MunicipalService.objects.filter(slug=slug).first()
        if service is None:
            service = builders.municipal_service(
                name=name, slug=slug, description=description, email=email, phone=phone, office=office
            )
            service.save()
            service.competences.set(Theme.objects.filter(slug__in=competences))
        r_email, first, last = referent
        user = demo_user(r_email, first_name=first, last_name=last, role=Role.SERVICE_REFERENT)
        service.referents.add(user)


def _play_history(org: Organisation, kind: str, year: int, month: int, rep: User, staff: User) -> None:
    """Write the organisation's history through the lifecycle services (no e-mails)."""
    quiet = {"notify": False}
    lc.organisation_submit(organisation=org, by=rep, at=_at(year, month, 3), **quiet)
    if kind == "pending":
        return
    if kind == "needs_info":
        lc.organisation_request_info(
            organisation=org,
            by=staff,
            at=_at(year, month, 12),
            reason=(
                "Per completare la domanda inviate copia dello statuto e l'indirizzo della sede operativa."
            ),
            **quiet,
        )
        return
    if kind == "rejected":
        lc.organisation_reject(
            organisation=org,
            by=staff,
            at=_at(year, month, 25),
            reason=(
                "L'attività non rientra nei settori sociale, educativo, culturale o sanitario previsti "
                "dall'art. 2 del regolamento."
            ),
            **quiet,
        )
        return
    lc.organisation_approve(organisation=org, by=staff, at=_at(year, month, 20, 11), **quiet)
    if kind == "withdrawn":
        lc.organisation_withdraw(
            organisation=org,
            by=rep,
            at=_at(min(year + 2, 2025), 12, 31, 18),
            reason=("Riorganizzazione interna: non riusciamo più a garantire la partecipazione alle sedute."),
            **quiet,
        )
    elif kind == "rejoined":
        lc.organisation_withdraw(
            organisation=org,
            by=rep,
            at=_at(year + 1, 6, 30),
            reason=("Sospensione temporanea delle attività."),
            **quiet,
        )
        lc.organisation_rejoin(organisation=org, by=rep, at=_at(2025, 2, 10), **quiet)
        lc.organisation_approve(organisation=org, by=staff, at=_at(2025, 3, 1, 11), **quiet)
    elif kind == "suspended":
        lc.organisation_suspend(
            organisation=org,
            by=staff,
            at=_at(2026, 9, 15),
            reason=("Assenza a tre sedute consecutive senza comunicazione (art. 10 del regolamento)."),
            **quiet,
        )


def _seed_organisations(stdout) -> None:
    staff = User.objects.get(email="segreteria@demo.tavolo.it")
    regulation = RegulationVersion.objects.filter(is_published=True).order_by("effective_from").first()
    created = 0
    for n, (name, form, sectors, themes, area, kind, year, month, address, description) in enumerate(
        ORGANISATIONS
    ):
        fiscal_code = demo_fiscal_code(n + 1)
        if Organisation.objects.filter(fiscal_code=fiscal_code).exists():
            continue
        slug = slugify(name)[:200]
        if n == 0:
            rep = User.objects.get(email="rappresentante@demo.tavolo.it")
        else:
            rep = demo_user(
                f"{slug[:40].strip('-')}@demo.tavolo.it",
                first_name=_FIRST_NAMES[n % len(_FIRST_NAMES)],
                last_name=_LAST_NAMES[n % len(_LAST_NAMES)],
                role=Role.REPRESENTATIVE,
            )
        org = builders.organisation(
            name=name,
            slug=slug,
            legal_form=LegalForm.objects.get(slug=form),
            fiscal_code=fiscal_code,
            area=Area.objects.get(slug=area),
            address=f"{address}, 48015 Cervia (RA)",
            email=f"info@{slug[:30].strip('-')}.example.org",
            phone=f"0544 {970000 + n * 37:06d}",
            description=description,
            directory_consent=(n % 9 != 4),
            resources_public=(n % 2 == 0),
            status=OrganisationStatus.PENDING,
        )
        org.save()
        org.sectors.set(Sector.objects.filter(slug__in=sectors))
        org.themes.set(Theme.objects.filter(slug__in=themes))
        organisation_profile_record(organisation=org, by=rep, at=_at(year, month, 3))
        builders.representative(
            user=rep, organisation=org, is_primary=True, role_in_organisation=_ROLES[n % len(_ROLES)]
        ).save()
        if regulation is not None:
            for consent_kind, version in (
                (ConsentKind.REGULATION, regulation.version),
                (ConsentKind.PRIVACY, settings.TAVOLO_PRIVACY_VERSION),
            ):
                Consent.objects.create(
                    user=rep,
                    organisation=org,
                    kind=consent_kind,
                    version=version,
                    accepted_at=_at(year, month, 3),
                )
        _play_history(org, kind, year, month, rep, staff)
        created += 1
    for org_name, kind, title, description, availability, quantity, themes in RESOURCES:
        org = Organisation.objects.filter(name=org_name).first()
        if org is None or Resource.objects.filter(organisation=org, title=title).exists():
            continue
        resource = builders.resource(
            organisation=org,
            kind=kind,
            title=title,
            description=description,
            availability=availability,
            quantity=quantity,
        )
        resource.save()
        resource.themes.set(Theme.objects.filter(slug__in=themes))
        # Offered since the organisation joined (the report counts resources by their history).
        since = org.joined_on or timezone.localdate()
        ResourceAvailability.objects.create(
            resource=resource, available=True, at=_at(since.year, since.month, since.day, 12)
        )
    # A delegate for the demo representative's organisation.
    auser = Organisation.objects.filter(name="Auser Cervia").first()
    if auser is not None:
        delegate = demo_user(
            "delegato.auser@demo.tavolo.it",
            first_name="Pietro",
            last_name="Amadori",
            role=Role.REPRESENTATIVE,
        )
        Representative.objects.get_or_create(
            user=delegate, organisation=auser, is_active=True, defaults={"role_in_organisation": "Segretario"}
        )
    stdout.write(f"members: {created} organisations created, {Organisation.objects.count()} in total")


def seed(*, stdout) -> None:
    for email, role, first, last, _label in _ACCOUNTS:
        demo_user(email, first_name=first, last_name=last, role=role)
    _seed_services()
    _seed_organisations(stdout)
