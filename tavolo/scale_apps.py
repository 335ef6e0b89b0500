"""seed_scale's parts for meetings, training and reports (see tavolo/scale.py for the members' part).

Proportions for N organisations (N=2000 gives the issue's figures): N/5 meetings with 3-5 agenda items
each routed to one or two services, N/4 topic proposals, 3N/20 training sessions with 5N registrations,
N/2 initiatives with their yearly figures. Past meetings are held with approved minutes and attendance;
invitations are written for the last two years' meetings (every active organisation).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings import builders as meeting_builders
from members.models import Theme
from reports import builders as report_builders
from tavolo.scale import TODAY, ScaleBuilder
from training import builders as training_builders

_TOPICS = [
    "Solitudine degli anziani d'estate",
    "Doposcuola nei quartieri",
    "Trasporto sociale verso gli ospedali",
    "Povertà alimentare e rete degli empori",
    "Inserimento lavorativo dei giovani",
    "Caregiver familiari",
    "Accoglienza dei lavoratori stagionali",
    "Sport accessibile",
    "Contrasto alla violenza di genere",
    "Spazi per le associazioni",
    "Emergenza abitativa",
    "Mediazione nei condomini",
]
_COURSES = [
    "Primo soccorso per volontari",
    "Progettazione sociale",
    "Comunicare il terzo settore",
    "Riforma del Terzo settore e RUNTS",
    "Gestione dei volontari",
    "Privacy per le associazioni",
    "Raccolta fondi",
    "Sicurezza negli eventi",
    "Ascolto attivo",
]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_meetings(b: ScaleBuilder) -> None:
    from meetings.models import (
        AgendaItem,
        Attendance,
        Invitation,
        MeetingStatusChange,
        Minutes,
        TopicProposal,
    )

    themes = list(Theme.objects.values_list("pk", flat=True))
    staff = b.staff_ids[1]
    count = b.scaled(400, minimum=5)
    first = dt.date(TODAY.year - 10, 1, 15)
    span = (TODAY - first).days + 60
    meetings, plans = [], []
    for i in range(count):
        day = first + dt.timedelta(days=span * i // count)
        if day <= TODAY - dt.timedelta(days=30):
            status = "minutes_approved"
        elif day <= TODAY:
            status = "held"
        else:
            status = "convened" if i < count - 1 else "draft"
        kind = "plenary" if i % 3 == 0 else "thematic"
        meetings.append(
            meeting_builders.meeting(
                title=("Plenaria del Tavolo" if kind == "plenary" else "Gruppo di lavoro") + f" n. {i + 1}",
                kind=kind,
                starts_at=_aware(day, 17),
                ends_at=_aware(day, 19),
                place="Sala del Consiglio, Piazza Garibaldi 1, Cervia",
                is_public=b.rnd.random() < 0.85,
                status=status,
                convened_at=_aware(day - dt.timedelta(days=15), 9) if status != "draft" else None,
            )
        )
        plans.append((day, status))
    created = b.add("meetings", meetings)
    history = []
    steps = {"draft": [], "convened": ["convened"], "held": ["convened", "held"]}
    steps["minutes_approved"] = ["convened", "held", "minutes_approved"]
    for meeting, (day, status) in zip(created, plans, strict=True):
        previous = "draft"
        history.append(
            MeetingStatusChange(
                meeting=meeting,
                from_status="",
                to_status="draft",
                at=_aware(day - dt.timedelta(days=30), 9),
                by_id=staff,
            )
        )
        for n, step in enumerate(steps[status]):
            at = (
                _aware(day - dt.timedelta(days=15), 9)
                if n == 0
                else _aware(day + dt.timedelta(days=n * 10), 12)
            )
            history.append(
                MeetingStatusChange(meeting=meeting, from_status=previous, to_status=step, at=at, by_id=staff)
            )
            previous = step
    b.add("meeting status changes (history)", history)
    items, item_meta = [], []
    for meeting, (day, status) in zip(created, plans, strict=True):
        for position in range(1, b.rnd.randint(3, 5) + 1):
            org = b.rnd.choice(b.active_org_ids)
            items.append(
                meeting_builders.agenda_item(
                    meeting=meeting,
                    position=position,
                    title=b.rnd.choice(_TOPICS),
                    description="Confronto tra le organizzazioni e i servizi comunali.",
                    proposer_organisation_id=org,
                    proposer_user_id=b.primary_rep_by_org.get(org),
                    expected_minutes=b.rnd.choice((15, 20, 30)),
                    outcome="Il Tavolo concorda di proseguire con un gruppo di lavoro."
                    if status != "convened" and status != "draft"
                    else "",
                )
            )
            item_meta.append((day, status))
    items = b.add("agenda items", items)
    link = AgendaItem.themes.through
    b.add("agenda item themes", [link(agendaitem_id=it.pk, theme_id=b.rnd.choice(themes)) for it in items])
    routings = []
    for item, (day, status) in zip(items, item_meta, strict=True):
        for service in b.rnd.sample(b.service_ids, k=min(len(b.service_ids), b.rnd.randint(1, 2))):
            answered = status in ("held", "minutes_approved") or b.rnd.random() < 0.3
            routings.append(
                meeting_builders.routing(
                    agenda_item=item,
                    service_id=service,
                    referent_id=b.referent_by_service[service],
                    due_date=day - dt.timedelta(days=3),
                    status="answered" if answered else "to_review",
                    contribution="Il servizio conferma la disponibilità a collaborare." if answered else "",
                    answered_at=_aware(day - dt.timedelta(days=5), 11) if answered else None,
                    answered_by_id=b.referent_by_service[service] if answered else None,
                )
            )
    b.add("routings", routings)
    b.add(
        "minutes",
        [
            Minutes(
                meeting=m,
                general_notes="Verbale approvato dal Tavolo.",
                status="approved",
                approved_at=_aware(day + dt.timedelta(days=30), 12),
                approved_by_id=staff,
            )
            for m, (day, status) in zip(created, plans, strict=True)
            if status == "minutes_approved"
        ],
    )
    attendance = []
    for meeting, (_day, status) in zip(created, plans, strict=True):
        if status in ("held", "minutes_approved"):
            for org in b.rnd.sample(b.active_org_ids, k=min(len(b.active_org_ids), 40)):
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        organisation_id=org,
                        present=b.rnd.random() < 0.8,
                        recorded_by_id=staff,
                    )
                )
    b.add("meeting attendance", attendance)
    recent = [
        m
        for m, (day, status) in zip(created, plans, strict=True)
        if status != "draft" and day >= TODAY - dt.timedelta(days=730)
    ]
    b.add(
        "invitations (last two years)",
        [
            Invitation(meeting=m, organisation_id=org, invited_at=m.convened_at)
            for m in recent
            for org in b.active_org_ids
        ],
    )
    proposals = []
    for i in range(b.scaled(500)):
        org = b.rnd.choice(b.active_org_ids)
        proposals.append(
            TopicProposal(
                organisation_id=org,
                proposer_id=b.primary_rep_by_org.get(org),
                title=b.rnd.choice(_TOPICS),
                description="Proponiamo di discuterne al prossimo incontro del Tavolo.",
                status="submitted" if i % 5 else "declined",
                decision_reason="" if i % 5 else "Tema già trattato nell'incontro precedente.",
            )
        )
    proposals = b.add("topic proposals", proposals)
    plink = TopicProposal.themes.through
    b.add(
        "topic proposal themes",
        [plink(topicproposal_id=p.pk, theme_id=b.rnd.choice(themes)) for p in proposals],
    )


def build_training(b: ScaleBuilder) -> None:
    from training.models import RegistrationEvent, TrainingSession

    themes = list(Theme.objects.values_list("pk", flat=True))
    count = b.scaled(300, minimum=3)
    total_registrations = 5 * b.organisations
    first = dt.date(TODAY.year - 10, 2, 1)
    span = (TODAY - first).days + 90
    sessions, days = [], []
    for i in range(count):
        day = first + dt.timedelta(days=span * i // count)
        status = "held" if day < TODAY else "open"
        sessions.append(
            training_builders.training_session(
                title=b.rnd.choice(_COURSES),
                description="Un corso pratico per volontari e operatori.",
                trainers="Anna Rossi, formatrice",
                capacity=60,
                registration_opens_at=_aware(day - dt.timedelta(days=40), 9),
                registration_closes_at=_aware(day - dt.timedelta(days=2), 23),
                audience="members",
                status=status,
                created_by_id=b.staff_ids[1],
            )
        )
        days.append(day)
    sessions = b.add("training sessions", sessions)
    link = TrainingSession.themes.through
    b.add(
        "training session themes",
        [link(trainingsession_id=s.pk, theme_id=b.rnd.choice(themes)) for s in sessions],
    )
    lessons = []
    for session, day in zip(sessions, days, strict=True):
        for n in range(b.rnd.randint(1, 3)):
            start = _aware(day + dt.timedelta(days=7 * n), 15)
            lessons.append(
                training_builders.lesson(
                    session=session,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=3),
                    place="Sala del Consiglio, Piazza Garibaldi 1, Cervia",
                )
            )
    b.add("lessons", lessons)
    registrations = []
    for n in range(total_registrations):
        index = n % count
        session, day = sessions[index], days[index]
        org = b.rnd.choice(b.active_org_ids)
        at = _aware(day - dt.timedelta(days=b.rnd.randint(3, 35)), 10)
        registrations.append(
            training_builders.registration(
                session=session,
                organisation_id=org,
                registered_by_id=b.primary_rep_by_org.get(org),
                first_name=b.rnd.choice(("Giulia", "Marco", "Sara", "Luca", "Elena", "Paolo")),
                last_name=b.rnd.choice(("Rossi", "Casadei", "Fabbri", "Guidi", "Neri")),
                email=f"partecipante{n:05d}@scala.example.org",
                role="Volontario",
                status="confirmed",
                queued_at=at,
                confirmed_at=at,
            )
        )
    registrations = b.add("training registrations", registrations)
    b.add(
        "registration events (history)",
        [
            RegistrationEvent(
                registration=r,
                from_status="",
                to_status="confirmed",
                at=r.queued_at,
                by_id=r.registered_by_id,
            )
            for r in registrations
        ],
    )


def build_initiatives(b: ScaleBuilder) -> None:
    from reports.models import Initiative, InitiativeEvent, InitiativeYear, TargetGroup

    themes = list(Theme.objects.values_list("pk", flat=True))
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    initiatives, meta = [], []
    for _ in range(b.scaled(1000)):
        start = b.random_day(dt.date(TODAY.year - 9, 1, 1), dt.date(TODAY.year, 6, 1))
        end = start + dt.timedelta(days=b.rnd.randint(90, 1500))
        initiatives.append(
            report_builders.initiative(
                title=f"{b.rnd.choice(_TOPICS)}: progetto di comunità",
                description="Un progetto che mette in rete le organizzazioni del territorio.",
                lead_organisation_id=b.rnd.choice(b.active_org_ids),
                starts_on=start,
                ends_on=end if end < TODAY else None,
                status="validated",
            )
        )
        meta.append((start, min(end, TODAY)))
    initiatives = b.add("initiatives", initiatives)
    b.add(
        "initiative themes",
        [Initiative.themes.through(initiative_id=i.pk, theme_id=b.rnd.choice(themes)) for i in initiatives],
    )
    if groups:
        b.add(
            "initiative target groups",
            [
                Initiative.target_groups.through(initiative_id=i.pk, targetgroup_id=b.rnd.choice(groups))
                for i in initiatives
            ],
        )
    b.add(
        "initiative partners",
        [
            Initiative.partners.through(initiative_id=i.pk, organisation_id=b.rnd.choice(b.active_org_ids))
            for i in initiatives
        ],
    )
    events, years = [], []
    for initiative, (start, end) in zip(initiatives, meta, strict=True):
        events.append(
            InitiativeEvent(
                initiative=initiative, from_status="", to_status="submitted", at=_aware(start, 10)
            )
        )
        events.append(
            InitiativeEvent(
                initiative=initiative,
                from_status="submitted",
                to_status="validated",
                at=_aware(start + dt.timedelta(days=7), 10),
                by_id=b.staff_ids[1],
            )
        )
        for year in range(start.year, end.year + 1):
            years.append(
                InitiativeYear(
                    initiative=initiative,
                    year=year,
                    people_reached=b.rnd.randint(10, 600),
                    volunteers=b.rnd.randint(2, 40),
                    volunteer_hours=b.rnd.randint(20, 2000),
                )
            )
    b.add("initiative events (history)", events)
    b.add("initiative yearly figures", years)


PARTS = [
    ("meetings", build_meetings),
    ("training", build_training),
    ("initiatives", build_initiatives),
]
