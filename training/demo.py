"""Demo data of the training app (called by `manage.py seed_demo` after members.demo, idempotent).

Sessions from 2021 to today with registrations, waiting lists, attendance, certificates and
feedback; one session open to anyone and one full with a waiting list, both still ahead whenever the
demo is seeded (their lessons move forward by whole weeks, `_still_ahead`). Rows are keyed on natural
keys (title; session + e-mail), so a second run adds nothing.
E-mails are not sent: the demo writes history directly, as if it had happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from core.builders import saved
from members.models import Organisation, OrganisationStatus, User
from training import builders
from training.models import (
    Audience,
    Certificate,
    Feedback,
    LessonAttendance,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    SessionStatus,
    SessionStatusChange,
    TrainingSession,
)
from training.services import is_eligible

FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Matteo",
    "Sara",
    "Andrea",
    "Elena",
    "Davide",
    "Martina",
    "Simone",
    "Valentina",
    "Stefano",
    "Silvia",
    "Paolo",
    "Federica",
    "Alessandro",
    "Roberta",
    "Giorgio",
    "Anna",
    "Nicola",
    "Laura",
    "Riccardo",
    "Elisa",
    "Fabio",
    "Monica",
    "Lorenzo",
    "Ilaria",
    "Enrico",
]
LAST_NAMES = [
    "Casadei",
    "Gardini",
    "Zanetti",
    "Pagliarani",
    "Bertozzi",
    "Fabbri",
    "Montanari",
    "Ricci",
    "Foschi",
    "Guidi",
    "Bagnolini",
    "Semprini",
    "Rossi",
    "Baldini",
    "Pasini",
    "Magnani",
    "Morigi",
    "Bezzi",
    "Sarti",
    "Spada",
    "Tassinari",
    "Bartolini",
    "Gori",
    "Neri",
    "Venturi",
    "Amadori",
    "Righi",
    "Zoffoli",
    "Brighi",
    "Nanni",
]
ROLES = ["Volontario", "Volontaria", "Coordinatrice", "Presidente", "Educatore", "Operatrice", "Segretario"]
COMMENTS = [
    "Molto utile, esempi concreti applicabili alla nostra associazione.",
    "Docenti preparati e disponibili. Avrei voluto più tempo per le domande.",
    "Ottimo confronto con le altre organizzazioni del Tavolo.",
    "Contenuti chiari; materiali ricevuti puntualmente.",
    "Orario serale comodo per chi lavora.",
    "",
]


@dataclass(frozen=True)
class DemoSession:
    title: str
    description: str
    trainers: str
    capacity: int
    audience: str
    status: str
    lessons: list[tuple[dt.datetime, float, str]]  # start (local), hours, place
    registered: int  # people who registered (beyond capacity: the waiting list)
    cancelled: int = 0
    public_people: int = 0


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


SALA = "Sala del Consiglio comunale, Piazza Garibaldi 1, Cervia"
CASA = "Casa delle Associazioni, via Ragazzi del '99, Cervia"
MAGAZZINI = "Magazzini del Sale, via Nazario Sauro, Cervia"

SESSIONS = [
    DemoSession(
        title="Progettare insieme: co-programmazione e co-progettazione con il Terzo settore",
        description=(
            "Il Codice del Terzo settore (art. 55) e la sentenza 131/2020 della Corte costituzionale hanno "
            "aperto la strada all'amministrazione condivisa. Il corso spiega come si costruisce un percorso "
            "di co-programmazione e di co-progettazione con il Comune: avviso, tavoli, accordo, "
            "rendicontazione, con esempi tratti dall'esperienza del territorio."
        ),
        trainers=(
            "Avv. Marta Lenzi, esperta di diritto del Terzo settore\nDott. Carlo Benini, Ufficio Welfare"
        ),
        capacity=25,
        audience=Audience.MEMBERS,
        status=SessionStatus.HELD,
        lessons=[
            (_at(2021, 10, 7, 17), 3, SALA),
            (_at(2021, 10, 14, 17), 3, SALA),
            (_at(2021, 10, 21, 17), 3, SALA),
        ],
        registered=22,
        cancelled=2,
    ),
    DemoSession(
        title="Il Registro Unico del Terzo Settore",
        description=(
            "Iscrizione, trasmigrazione dai vecchi registri, aggiornamento dei dati e deposito dei bilanci "
            "nel RUNTS: una guida pratica per le organizzazioni di volontariato e le associazioni di "
            "promozione sociale."
        ),
        trainers="Dott.ssa Elisa Morri, commercialista\nCSV Romagna",
        capacity=30,
        audience=Audience.MEMBERS,
        status=SessionStatus.HELD,
        lessons=[(_at(2022, 3, 9, 18), 2.5, CASA), (_at(2022, 3, 16, 18), 2.5, CASA)],
        registered=27,
        cancelled=1,
    ),
    DemoSession(
        title="Primo soccorso psicologico per volontari",
        description=(
            "Come riconoscere e accompagnare una persona in difficoltà emotiva, proteggendo anche se stessi: "
            "ascolto attivo, comunicazione nelle situazioni di crisi, rete dei servizi da attivare."
        ),
        trainers="Dott.ssa Paola Zanni, psicologa dell'emergenza",
        capacity=16,
        audience=Audience.MEMBERS,
        status=SessionStatus.HELD,
        lessons=[
            (_at(2023, 5, 6, 9), 4, MAGAZZINI),
            (_at(2023, 5, 13, 9), 4, MAGAZZINI),
            (_at(2023, 5, 20, 9), 4, MAGAZZINI),
        ],
        registered=21,
        cancelled=3,
    ),
    DemoSession(
        title="Comunicare il welfare di comunità",
        description=(
            "Raccontare i progetti, usare i social con misura, scrivere un comunicato, lavorare con la "
            "stampa locale: laboratorio per chi cura la comunicazione delle organizzazioni del Tavolo."
        ),
        trainers="Giorgia Pasini, giornalista\nLuca Venturi, social media manager",
        capacity=20,
        audience=Audience.PUBLIC,
        status=SessionStatus.HELD,
        lessons=[(_at(2024, 10, 10, 17, 30), 2.5, CASA), (_at(2024, 10, 17, 17, 30), 2.5, CASA)],
        registered=18,
        public_people=4,
    ),
    DemoSession(
        title="Fundraising per piccole associazioni",
        description=(
            "Cinque per mille, bandi delle fondazioni, crowdfunding e raccolte nel territorio: strumenti e "
            "calendario di lavoro per le associazioni con pochi volontari."
        ),
        trainers="Dott. Andrea Spada, consulente di raccolta fondi",
        capacity=20,
        audience=Audience.MEMBERS,
        status=SessionStatus.HELD,
        lessons=[
            (_at(2025, 12, 3, 17), 3, SALA),
            (_at(2025, 12, 17, 17), 3, SALA),
            (_at(2026, 1, 14, 17), 3, SALA),
        ],
        registered=19,
        cancelled=1,
    ),
    DemoSession(
        title="Amministrazione condivisa e patti di collaborazione",
        description=(
            "Il regolamento comunale dei beni comuni e i patti di collaborazione: come proporre un "
            "patto, chi lo firma, come si rendiconta. Il corso è aperto a tutte le persone interessate, "
            "anche se la loro organizzazione non aderisce ancora al Tavolo."
        ),
        trainers="Dott.ssa Chiara Montanari, Labsus\nDott. Carlo Benini, Ufficio Welfare",
        capacity=35,
        audience=Audience.PUBLIC,
        status=SessionStatus.OPEN,
        lessons=[
            (_at(2026, 12, 2, 17), 3, SALA),
            (_at(2026, 12, 16, 17), 3, SALA),
            (_at(2027, 1, 13, 17), 3, SALA),
        ],
        registered=14,
        public_people=3,
    ),
    DemoSession(
        title="Sicurezza alimentare nelle mense e negli empori solidali",
        description=(
            "Corso per volontari che preparano o distribuiscono alimenti: igiene, catena del freddo, "
            "allergeni, recupero delle eccedenze (legge 166/2016). Rilascia l'attestato utile all'HACCP."
        ),
        trainers="Dott. Fabio Righi, tecnologo alimentare, AUSL Romagna",
        capacity=12,
        audience=Audience.MEMBERS,
        status=SessionStatus.OPEN,
        lessons=[(_at(2026, 12, 9, 9), 4, MAGAZZINI), (_at(2026, 12, 10, 9), 4, MAGAZZINI)],
        registered=16,
    ),
]


def _organisations() -> list[Organisation]:
    """The demo representative's organisation first, then the other members (or none yet)."""
    orgs = list(Organisation.objects.filter(status=OrganisationStatus.ACTIVE).order_by("name")[:12])
    rep = User.objects.filter(email="rappresentante@demo.tavolo.it").first()
    if rep:
        own = [
            r.organisation for r in rep.representations.filter(is_active=True).select_related("organisation")
        ]
        orgs = own + [o for o in orgs if o not in own]
    return orgs


def _staff() -> User | None:
    return User.objects.filter(email="segreteria@demo.tavolo.it").first()


# An open session's first lesson is at least this far ahead, so its registrations are still open.
OPEN_LEAD = dt.timedelta(days=14)


def _still_ahead(lessons: list[tuple[dt.datetime, float, str]]) -> list[tuple[dt.datetime, float, str]]:
    """The lessons moved forward by whole weeks (same weekday and local hour) to start after OPEN_LEAD.

    The open sessions' dates are written for the first release; a demo seeded later must still show
    them open, not as sessions of the past.
    """
    earliest = timezone.now() + OPEN_LEAD
    first = lessons[0][0]
    if first >= earliest:
        return lessons
    weeks = -((first - earliest) // dt.timedelta(weeks=1))  # ceiling of the whole weeks missing
    shift = dt.timedelta(weeks=weeks)

    def moved(start: dt.datetime) -> dt.datetime:
        # Shifted on the wall clock: a lesson at 17:00 stays at 17:00 across a change of daylight time.
        return timezone.make_aware(timezone.localtime(start).replace(tzinfo=None) + shift)

    return [(moved(start), hours, place) for start, hours, place in lessons]


def _seed_session(
    spec: DemoSession, index: int, organisations: list[Organisation], staff: User | None
) -> bool:
    if spec.status == SessionStatus.OPEN:
        spec = dataclasses.replace(spec, lessons=_still_ahead(spec.lessons))
    first_start = spec.lessons[0][0]
    opens = first_start - dt.timedelta(days=45)
    closes = first_start - dt.timedelta(days=3)
    session, created = TrainingSession.objects.get_or_create(
        title=spec.title,
        defaults={
            "description": spec.description,
            "trainers": spec.trainers,
            "capacity": spec.capacity,
            "registration_opens_at": opens,
            "registration_closes_at": closes,
            "audience": spec.audience,
            "status": spec.status,
            "created_by": staff,
        },
    )
    if not created:
        return False
    TrainingSession.objects.filter(pk=session.pk).update(created_at=opens - dt.timedelta(days=10))
    history = [
        ("", SessionStatus.DRAFT, opens - dt.timedelta(days=10)),
        (SessionStatus.DRAFT, SessionStatus.OPEN, opens),
    ]
    if spec.status == SessionStatus.HELD:
        history += [
            (SessionStatus.OPEN, SessionStatus.CLOSED, closes),
            (SessionStatus.CLOSED, SessionStatus.HELD, spec.lessons[-1][0] + dt.timedelta(days=1)),
        ]
    for from_status, to_status, at in history:
        SessionStatusChange.objects.create(
            session=session, from_status=from_status, to_status=to_status, at=at, by=staff
        )
    lessons = [
        saved(
            builders.lesson(
                session=session, starts_at=start, ends_at=start + dt.timedelta(hours=hours), place=place
            )
        )
        for start, hours, place in spec.lessons
    ]
    rng = random.Random(f"training-demo-{index}")  # noqa: S311 - deterministic demo data, not security
    _seed_registrations(session, spec, lessons, organisations, staff, rng, opens)
    return True


def _seed_registrations(session, spec, lessons, organisations, staff, rng, opens) -> None:
    people = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(people)
    confirmed = 0
    registrations = []
    for n in range(spec.registered + spec.public_people):
        first, last = people[n]
        public = n >= spec.registered
        organisation = None if public or not organisations else organisations[n % len(organisations)]
        queued_at = opens + dt.timedelta(hours=5 + n * 7)
        status = RegistrationStatus.CONFIRMED if confirmed < spec.capacity else RegistrationStatus.WAITING
        confirmed += status == RegistrationStatus.CONFIRMED
        registration = saved(
            builders.registration(
                session=session,
                organisation=organisation,
                organisation_name=""
                if organisation
                else rng.choice(
                    ["Parrocchia San Paolo", "Comitato di quartiere Malva", "", "Gruppo genitori Pinarella"]
                ),
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{session.pk}@esempio.it".lower().replace("'", ""),
                role=rng.choice(ROLES),
                status=status,
                queued_at=queued_at,
                confirmed_at=queued_at if status == RegistrationStatus.CONFIRMED else None,
            )
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=queued_at)
        if public:
            RegistrationEvent.objects.create(
                registration=registration, from_status="", to_status=RegistrationStatus.PENDING, at=queued_at
            )
        RegistrationEvent.objects.create(
            registration=registration,
            from_status=RegistrationStatus.PENDING if public else "",
            to_status=status,
            at=queued_at,
        )
        registrations.append(registration)
    # Some cancel; the first on the waiting list takes each freed place (as the service does).
    for registration in rng.sample([r for r in registrations if r.status == "confirmed"], spec.cancelled):
        at = registration.queued_at + dt.timedelta(days=5)
        registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, at
        registration.save(update_fields=["status", "cancelled_at"])
        RegistrationEvent.objects.create(
            registration=registration, from_status="confirmed", to_status="cancelled", at=at
        )
        waiting = next((r for r in registrations if r.status == RegistrationStatus.WAITING), None)
        if waiting:
            waiting.status, waiting.confirmed_at = RegistrationStatus.CONFIRMED, at
            waiting.save(update_fields=["status", "confirmed_at"])
            RegistrationEvent.objects.create(
                registration=waiting, from_status="waiting", to_status="confirmed", at=at, by=staff
            )
    if spec.status == SessionStatus.HELD:
        _seed_attendance(session, lessons, [r for r in registrations if r.status == "confirmed"], staff, rng)


def _seed_attendance(session, lessons, participants, staff, rng) -> None:
    total = sum((lesson.hours for lesson in lessons), Decimal("0"))
    for registration in participants:
        steady = rng.random() < 0.85
        attended = Decimal("0")
        for lesson in lessons:
            present = rng.random() < (0.93 if steady else 0.45)
            LessonAttendance.objects.create(
                registration=registration,
                lesson=lesson,
                present=present,
                recorded_at=lesson.ends_at,
                recorded_by=staff,
            )
            attended += lesson.hours if present else 0
        if not is_eligible(attended=attended, total=total):
            continue
        issued = lessons[-1].ends_at + dt.timedelta(days=7)
        Certificate.objects.create(
            registration=registration,
            hours_attended=attended,
            total_hours=total,
            issued_at=issued,
            issued_by=staff,
        )
        if rng.random() < 0.6:
            Feedback.objects.create(
                registration=registration, rating=rng.choice([3, 4, 4, 5, 5, 5]), comment=rng.choice(COMMENTS)
            )


def seed(*, stdout) -> None:
    organisations = _organisations()
    staff = _staff()
    added = sum(_seed_session(spec, i, organisations, staff) for i, spec in enumerate(SESSIONS))
    stdout.write(f"Training: {added} sessions added ({len(SESSIONS) - added} already present).")
