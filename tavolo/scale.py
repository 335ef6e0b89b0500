"""A district-sized synthetic data set for benchmarks (`manage.py seed_scale`).

Rows are written with bulk_create in batches, so 2,000 organisations and 10,000 users take well under
a minute on two cores. Everything is drawn from one `random.Random(seed)`: the same seed gives the
same data set. Each app's part is a function taking the builder; the apps whose models are not
there yet are skipped and named in the summary.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from members import builders
from members.models import (
    Area,
    LegalForm,
    MembershipEvent,
    MunicipalService,
    Organisation,
    OrganisationProfileRecord,
    OrganisationStatus,
    Resource,
    ResourceAvailability,
    ResourceKind,
    Sector,
    Theme,
    User,
)
from members.roles import Role

BATCH = 1000
SLUG_PREFIX = "scala-"
EMAIL_DOMAIN = "scala.example.org"
PASSWORD = "tavolo-scala-2026"  # noqa: S105 - synthetic benchmark accounts, documented in bench/RESULTS.md
TODAY = dt.date(2026, 11, 25)
FIRST_YEAR = TODAY.year - 10

_NAMES = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Andrea",
    "Sara",
    "Matteo",
    "Elena",
    "Paolo",
    "Anna",
    "Davide",
    "Martina",
    "Stefano",
    "Laura",
    "Giorgio",
    "Silvia",
    "Alessandro",
    "Valentina",
    "Roberto",
]
_SURNAMES = [
    "Rossi",
    "Bianchi",
    "Ricci",
    "Romagnoli",
    "Casadei",
    "Pasini",
    "Zanotti",
    "Fabbri",
    "Neri",
    "Guidi",
    "Bertozzi",
    "Montanari",
    "Ravaioli",
    "Foschi",
    "Gardini",
    "Medri",
    "Amadori",
    "Bezzi",
]
_KINDS = ["Associazione", "Cooperativa sociale", "Circolo", "Gruppo volontari", "Fondazione", "Comitato"]
_PURPOSES = [
    "per gli anziani",
    "per le famiglie",
    "giovani",
    "solidarietà",
    "del quartiere",
    "sport e salute",
    "per l'inclusione",
    "disabilità e autonomia",
    "cultura e memoria",
    "accoglienza",
]
_RESOURCES = {
    ResourceKind.SPACE: ["Sala riunioni", "Cucina attrezzata", "Salone polivalente", "Aula formazione"],
    ResourceKind.VOLUNTEERS: [
        "Volontari per accompagnamento",
        "Volontari per doposcuola",
        "Autisti volontari",
    ],
    ResourceKind.EQUIPMENT: ["Pulmino 9 posti", "Gazebo e tavoli", "Proiettore e schermo"],
    ResourceKind.SERVICE: ["Sportello di ascolto", "Consulenza legale", "Mediazione linguistica"],
}


class AlreadySeeded(Exception):
    """The scale data set is in this database already."""


@dataclass
class ScaleBuilder:
    organisations: int
    seed: int = 2026
    rnd: random.Random = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    # Filled as the parts run, read by the later ones.
    org_ids: list[int] = field(default_factory=list)
    active_org_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)
    service_ids: list[int] = field(default_factory=list)
    referent_by_service: dict[int, int] = field(default_factory=dict)
    primary_rep_by_org: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rnd = random.Random(self.seed)  # noqa: S311 - synthetic data, reproducible on purpose

    def scaled(self, per_2000: int, minimum: int = 1) -> int:
        """A count given for 2,000 organisations, scaled to this data set."""
        return max(minimum, round(per_2000 * self.organisations / 2000))

    def add(self, label: str, objs: list) -> list:
        model = type(objs[0]) if objs else None
        created = []
        for start in range(0, len(objs), BATCH):
            created += model.objects.bulk_create(objs[start : start + BATCH]) if model else []
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return created

    def aware(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def random_day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rnd.randrange(max(1, (end - start).days)))


def fiscal_code(n: int) -> str:
    """'9' followed by n on nine digits, and the check digit: never one of the demo's or the tests'."""
    return builders.fiscal_code(9_000_000 + n // 1000, office=n % 1000)


# --- members ---------------------------------------------------------------------------------------


def build_users(b: ScaleBuilder) -> None:
    """5N users sharing one password hash (hashing 10,000 passwords would take minutes)."""
    password = make_password(PASSWORD)
    total = 5 * b.organisations
    users = []
    for i in range(total):
        first, last = b.rnd.choice(_NAMES), b.rnd.choice(_SURNAMES)
        users.append(
            builders.user(
                email=f"persona{i:05d}@{EMAIL_DOMAIN}",
                first_name=first,
                last_name=last,
                password=password,
                date_joined=b.aware(b.random_day(dt.date(FIRST_YEAR, 1, 1), TODAY)),
            )
        )
    n_staff = 4
    for user in users[:n_staff]:
        user.is_staff = True
    created = b.add("users", users)
    b.user_ids = [u.pk for u in created]
    b.staff_ids = b.user_ids[:n_staff]
    b.add(
        "verified e-mail addresses",
        [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in created],
    )


def build_services(b: ScaleBuilder) -> None:
    themes = list(Theme.objects.order_by("position").values_list("pk", flat=True))
    count = b.scaled(24, minimum=4)
    services = b.add(
        "municipal services",
        [
            builders.municipal_service(
                name=f"Servizio comunale {i + 1:03d} ({SLUG_PREFIX.rstrip('-')})",
                slug=f"{SLUG_PREFIX}servizio-{i + 1:03d}",
                email=f"servizio{i + 1:03d}@comune.{EMAIL_DOMAIN}",
                description="Servizio del Comune competente per i temi indicati.",
                office="Piazza Garibaldi 1",
            )
            for i in range(count)
        ],
    )
    b.service_ids = [s.pk for s in services]
    competence = MunicipalService.competences.through
    referents = MunicipalService.referents.through
    b.add(
        "service competences",
        [
            competence(municipalservice_id=s.pk, theme_id=t)
            for s in services
            for t in b.rnd.sample(themes, k=min(len(themes), 2))
        ],
    )
    # Referents are users 4.. (after the staff); each service gets one.
    rows = []
    for i, s in enumerate(services):
        user_id = b.user_ids[4 + i]
        b.referent_by_service[s.pk] = user_id
        rows.append(referents(municipalservice_id=s.pk, user_id=user_id))
    b.add("service referents", rows)


def build_organisations(b: ScaleBuilder) -> None:
    """N organisations, each with its membership history over ten years (MembershipEvent rows)."""
    sectors = list(Sector.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    areas = list(Area.objects.values_list("pk", flat=True))
    legal_forms = list(LegalForm.objects.values_list("pk", flat=True))
    orgs, histories = [], []
    for i in range(b.organisations):
        joined = b.random_day(dt.date(FIRST_YEAR, 1, 1), TODAY - dt.timedelta(days=30))
        roll = b.rnd.random()
        history = [("", OrganisationStatus.PENDING, joined)]
        approved = joined + dt.timedelta(days=b.rnd.randint(3, 40))
        if roll < 0.04:
            status = OrganisationStatus.PENDING
            history = [("", OrganisationStatus.PENDING, TODAY - dt.timedelta(days=b.rnd.randint(1, 20)))]
        elif roll < 0.07:
            status = OrganisationStatus.REJECTED
            history.append((OrganisationStatus.PENDING, OrganisationStatus.REJECTED, approved))
        else:
            history.append((OrganisationStatus.PENDING, OrganisationStatus.ACTIVE, approved))
            status = OrganisationStatus.ACTIVE
            if roll > 0.85 and approved < TODAY - dt.timedelta(days=400):
                suspended = b.random_day(approved + dt.timedelta(days=30), TODAY - dt.timedelta(days=200))
                history.append((OrganisationStatus.ACTIVE, OrganisationStatus.SUSPENDED, suspended))
                back = suspended + dt.timedelta(days=b.rnd.randint(30, 150))
                history.append((OrganisationStatus.SUSPENDED, OrganisationStatus.ACTIVE, back))
            if roll > 0.95 and approved < TODAY - dt.timedelta(days=200):
                left = b.random_day(history[-1][2] + dt.timedelta(days=10), TODAY)
                history.append((OrganisationStatus.ACTIVE, OrganisationStatus.WITHDRAWN, left))
                status = OrganisationStatus.WITHDRAWN
        name = f"{b.rnd.choice(_KINDS)} {b.rnd.choice(_PURPOSES)} {i + 1:04d}"
        orgs.append(
            builders.organisation(
                name=name,
                slug=f"{SLUG_PREFIX}{i + 1:04d}",
                legal_form_id=b.rnd.choice(legal_forms),
                fiscal_code=fiscal_code(i + 1),
                area_id=b.rnd.choice(areas) if areas else None,
                email=f"info{i + 1:04d}@{EMAIL_DOMAIN}",
                phone=f"0544 {b.rnd.randint(100000, 999999)}",
                address=f"Via dei Mille {b.rnd.randint(1, 200)}, Cervia",
                description="Organizzazione del territorio che collabora con il Tavolo delle Risorse.",
                directory_consent=b.rnd.random() < 0.9,
                resources_public=b.rnd.random() < 0.5,
                status=status,
                joined_on=approved if status != OrganisationStatus.PENDING else None,
            )
        )
        histories.append(history)
    created = b.add("organisations", orgs)
    b.org_ids = [o.pk for o in created]
    b.active_org_ids = [o.pk for o in created if o.status == OrganisationStatus.ACTIVE]
    staff = b.staff_ids
    b.add(
        "membership events (history)",
        [
            MembershipEvent(
                organisation_id=org.pk,
                from_status=frm,
                to_status=to,
                at=b.aware(day, 9 + n),
                by_id=b.rnd.choice(staff) if n else None,
                reason="" if to != OrganisationStatus.SUSPENDED else "Mancato rinnovo dei dati richiesti.",
            )
            for org, history in zip(created, histories, strict=True)
            for n, (frm, to, day) in enumerate(history)
        ],
    )
    sector_link, theme_link = Organisation.sectors.through, Organisation.themes.through
    sector_rows = b.add(
        "organisation sectors",
        [
            sector_link(organisation_id=o.pk, sector_id=s)
            for o in created
            for s in b.rnd.sample(sectors, k=min(len(sectors), b.rnd.randint(1, 2)))
        ],
    )
    # The profile history the report reads (one row each, from the application), no random draw.
    records = b.add(
        "organisation profile records",
        [
            OrganisationProfileRecord(
                organisation_id=o.pk,
                valid_from=b.aware(history[0][2], 8),
                legal_form_id=o.legal_form_id,
                area_id=o.area_id,
            )
            for o, history in zip(created, histories, strict=True)
        ],
    )
    record_of = {record.organisation_id: record.pk for record in records}
    record_link = OrganisationProfileRecord.sectors.through
    b.add(
        "profile record sectors",
        [
            record_link(organisationprofilerecord_id=record_of[row.organisation_id], sector_id=row.sector_id)
            for row in sector_rows
        ],
    )
    b.add(
        "organisation themes",
        [
            theme_link(organisation_id=o.pk, theme_id=t)
            for o in created
            for t in b.rnd.sample(themes, k=min(len(themes), b.rnd.randint(1, 3)))
        ],
    )


def build_representatives(b: ScaleBuilder) -> None:
    """One primary representative per organisation, a second one for about half of them."""
    first_free = 4 + len(b.service_ids)
    pool = b.user_ids[first_free:]
    reps, cursor = [], 0
    for org_id in b.org_ids:
        for n in range(1 + (b.rnd.random() < 0.5)):
            user_id = pool[cursor]
            cursor += 1
            reps.append(
                builders.representative(
                    user_id=user_id,
                    organisation_id=org_id,
                    is_primary=n == 0,
                    role_in_organisation="Presidente" if n == 0 else "Referente operativo",
                )
            )
            if n == 0:
                b.primary_rep_by_org[org_id] = user_id
    b.add("representatives", reps)
    groups = dict(Group.objects.values_list("name", "pk"))
    membership = User.groups.through
    rows = [membership(user_id=r.user_id, group_id=groups[Role.REPRESENTATIVE.value]) for r in reps]
    referent_group = groups[Role.SERVICE_REFERENT.value]
    rows += [membership(user_id=u, group_id=referent_group) for u in b.referent_by_service.values()]
    rows += [membership(user_id=b.staff_ids[0], group_id=groups[Role.PRESIDENZA.value])]
    rows += [membership(user_id=u, group_id=groups[Role.SEGRETERIA.value]) for u in b.staff_ids[1:]]
    b.add("role memberships", rows)


def build_resources(b: ScaleBuilder) -> None:
    themes = list(Theme.objects.values_list("pk", flat=True))
    resources = []
    for org_id in b.active_org_ids:
        for _ in range(b.rnd.choice((0, 1, 1, 2, 3))):
            kind = b.rnd.choice(list(_RESOURCES))
            resources.append(
                builders.resource(
                    organisation_id=org_id,
                    kind=kind,
                    title=b.rnd.choice(_RESOURCES[kind]),
                    availability=b.rnd.choice(["Su richiesta", "Martedì e giovedì", "Fine settimana"]),
                    quantity=b.rnd.randint(1, 20),
                )
            )
    created = b.add("resources", resources)
    # Offered since the start of the data set (the report counts resources by their history).
    since = b.aware(TODAY - dt.timedelta(days=5 * 365), 12)
    b.add(
        "resource availability",
        [ResourceAvailability(resource_id=r.pk, at=since, available=True) for r in created],
    )
    link = Resource.themes.through
    b.add("resource themes", [link(resource_id=r.pk, theme_id=b.rnd.choice(themes)) for r in created])


PARTS: list[tuple[str, Callable[[ScaleBuilder], None]]] = [
    ("users", build_users),
    ("services", build_services),
    ("organisations", build_organisations),
    ("representatives", build_representatives),
    ("resources", build_resources),
]


def seed_scale(*, organisations: int, seed: int = 2026, log: Callable[[str], None] = print) -> ScaleBuilder:
    """Build the data set in one transaction; refuses when it is there already."""
    if Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise AlreadySeeded(
            "The scale data set is already in this database (organisations with slug 'scala-...'). "
            "Use a fresh database: seed_scale refuses to run twice."
        )
    builder = ScaleBuilder(organisations=organisations, seed=seed)
    from tavolo import scale_apps

    with transaction.atomic():
        for label, part in PARTS + scale_apps.PARTS:
            started = timezone.now()
            part(builder)
            log(f"  {label}: {(timezone.now() - started).total_seconds():.1f} s")
    return builder
