"""Demo data of this app (called by `manage.py seed_demo`, idempotent).

Writes the history directly (status rows included) instead of calling the services, so that seeding
five years of meetings does not queue thousands of e-mails. Uses the organisations, services and
referents that members.demo created; with none, meetings and agendas are still created.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.builders import saved
from meetings import builders, demo_data
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceReply,
    Decision,
    DecisionUpdate,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Minutes,
    MinutesStatus,
    ProposalStatus,
    Routing,
    RoutingStatus,
    RoutingStatusChange,
    TopicProposal,
    TopicProposalEvent,
)
from meetings.services.agenda import competent_services
from members.models import Organisation, OrganisationStatus, Representative, Theme, User

STAFF_EMAIL = "segreteria@demo.tavolo.it"
DEMO_REPRESENTATIVE = "rappresentante@demo.tavolo.it"
# The latest meeting's draft minutes stay open for comments a little after "today" (25 November 2026).
COMMENTS_UNTIL = dt.date(2026, 12, 4)
DESCRIPTION = "Incontro del Tavolo delle Risorse presieduto dall'Assessore al Welfare e Servizi alla Persona."


def _aware(parts: tuple[int, int, int, int]) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _status_rows(meeting: Meeting, steps: list[tuple[str, str, dt.datetime]], by: User | None) -> None:
    MeetingStatusChange.objects.bulk_create(
        [MeetingStatusChange(meeting=meeting, from_status=a, to_status=b, at=at, by=by) for a, b, at in steps]
    )


def _members_on(day: dt.date) -> list[Organisation]:
    return list(
        Organisation.objects.filter(status=OrganisationStatus.ACTIVE)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
        .order_by("pk")
    )


def _create_meeting(spec: tuple, *, index: int, status: str, by: User | None) -> Meeting | None:
    title, kind, when, place, online, public, items, notes = spec
    starts = _aware(when)
    if Meeting.objects.filter(title=title, starts_at=starts).exists():
        return None
    convened = starts - dt.timedelta(days=21)
    meeting = saved(
        builders.meeting(
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            place=place,
            online_url=online,
            is_public=public,
            status=status,
            convened_at=convened if status != MeetingStatus.DRAFT else None,
            description=DESCRIPTION,
        )
    )
    steps = [("", MeetingStatus.DRAFT, convened - dt.timedelta(days=10))]
    if status != MeetingStatus.DRAFT:
        steps.append((MeetingStatus.DRAFT, MeetingStatus.CONVENED, convened))
    if status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        steps.append((MeetingStatus.CONVENED, MeetingStatus.HELD, meeting.ends_at))
    if status == MeetingStatus.MINUTES_APPROVED:
        steps.append((MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, starts + dt.timedelta(days=20)))
    _status_rows(meeting, steps, by)
    held = status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
    for position, (item_title, description, slugs, outcome) in enumerate(items, start=1):
        item = saved(
            builders.agenda_item(
                meeting=meeting,
                position=position,
                title=item_title,
                description=description,
                expected_minutes=30,
                outcome=outcome if held else "",
            )
        )
        item.themes.set(Theme.objects.filter(slug__in=slugs))
        _route(item, index=index + position, answered=held, by=by)
    if status != MeetingStatus.DRAFT:
        _invite_and_attend(meeting, index=index, held=held, by=by)
    if held:
        Minutes.objects.create(
            meeting=meeting,
            general_notes=notes or "L'Assessore apre l'incontro e ringrazia le organizzazioni presenti.",
            status=MinutesStatus.APPROVED
            if status == MeetingStatus.MINUTES_APPROVED
            else MinutesStatus.OPEN_FOR_COMMENTS,
            comments_until=COMMENTS_UNTIL
            if status == MeetingStatus.HELD
            else timezone.localdate(starts) + dt.timedelta(days=15),
            approved_at=starts + dt.timedelta(days=20) if status == MeetingStatus.MINUTES_APPROVED else None,
            approved_by=by if status == MeetingStatus.MINUTES_APPROVED else None,
        )
    return meeting


def _route(item: AgendaItem, *, index: int, answered: bool, by: User | None) -> None:
    meeting = item.meeting
    due = timezone.localdate(meeting.starts_at) - dt.timedelta(days=3)
    for offset, service in enumerate(competent_services(item)):
        referent = service.referents.order_by("pk").first()
        routing = saved(
            builders.routing(
                agenda_item=item,
                service=service,
                referent=referent,
                due_date=due,
                status=RoutingStatus.ANSWERED if answered else RoutingStatus.TO_REVIEW,
            )
        )
        created = meeting.starts_at - dt.timedelta(days=18)
        rows = [
            RoutingStatusChange(
                routing=routing, from_status="", to_status=RoutingStatus.TO_REVIEW, at=created, by=by
            )
        ]
        if answered:
            # One answer in five arrives a day late: the annual report shows punctuality honestly.
            late = (index + offset) % 5 == 0
            answered_at = dt.datetime.combine(
                due + dt.timedelta(days=1 if late else -2), dt.time(11), tzinfo=ZoneInfo(settings.TIME_ZONE)
            )
            routing.contribution = demo_data.CONTRIBUTIONS[
                (index + offset) % len(demo_data.CONTRIBUTIONS)
            ].format(title=item.title)
            routing.answered_at = answered_at
            routing.answered_by = referent
            routing.save()
            rows.append(
                RoutingStatusChange(
                    routing=routing,
                    from_status=RoutingStatus.TO_REVIEW,
                    to_status=RoutingStatus.ANSWERED,
                    at=answered_at,
                    by=referent,
                )
            )
        RoutingStatusChange.objects.bulk_create(rows)


def _invite_and_attend(meeting: Meeting, *, index: int, held: bool, by: User | None) -> None:
    organisations = _members_on(timezone.localdate(meeting.starts_at))
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, organisation=o, invited_at=meeting.convened_at) for o in organisations]
    )
    replies, attendances = [], []
    for n, org in enumerate(organisations):
        # A deterministic three organisations in four answer and come; the rest do not.
        present = (n + index) % 4 != 0
        replies.append(
            AttendanceReply(
                meeting=meeting,
                organisation=org,
                status="present" if present else "absent",
                replied_at=meeting.starts_at - dt.timedelta(days=5),
            )
        )
        if held:
            attendances.append(
                Attendance(
                    meeting=meeting,
                    organisation=org,
                    present=present,
                    recorded_by=by,
                    recorded_at=meeting.ends_at,
                )
            )
    if held:
        services = {r.service_id for r in Routing.objects.filter(agenda_item__meeting=meeting)}
        attendances += [
            Attendance(
                meeting=meeting, service_id=pk, present=True, recorded_by=by, recorded_at=meeting.ends_at
            )
            for pk in sorted(services)
        ]
    AttendanceReply.objects.bulk_create(replies)
    Attendance.objects.bulk_create(attendances)


def _seed_proposals(upcoming: Meeting | None, by: User | None) -> int:
    reps = list(
        Representative.objects.filter(is_active=True, organisation__status=OrganisationStatus.ACTIVE)
        .select_related("user", "organisation")
        .order_by("-user__email")
    )
    if not reps:
        return 0
    demo = [r for r in reps if r.user.email == DEMO_REPRESENTATIVE]
    ordered = demo + [r for r in reps if r not in demo]
    created = 0
    items = list(upcoming.agenda_items.order_by("position")) if upcoming else []
    for n, (title, description, slugs, status, reason) in enumerate(demo_data.PROPOSALS):
        rep = ordered[n % len(ordered)] if n % 2 else ordered[0]
        if TopicProposal.objects.filter(organisation=rep.organisation, title=title).exists():
            continue
        submitted_at = timezone.now() - dt.timedelta(days=40 - n * 5)
        proposal = TopicProposal.objects.create(
            organisation=rep.organisation,
            proposer=rep.user,
            title=title,
            description=description,
        )
        TopicProposal.objects.filter(pk=proposal.pk).update(created_at=submitted_at)
        proposal.themes.set(Theme.objects.filter(slug__in=slugs))
        events = [
            TopicProposalEvent(
                proposal=proposal, from_status="", to_status="submitted", at=submitted_at, by=rep.user
            )
        ]
        if status != ProposalStatus.SUBMITTED:
            decided = submitted_at + dt.timedelta(days=3)
            item = None
            if status == ProposalStatus.ACCEPTED and items:
                item = items[0]
            elif status == ProposalStatus.MERGED and len(items) > 1:
                item = items[1]
            TopicProposal.objects.filter(pk=proposal.pk).update(
                status=status, decision_reason=reason, decided_by=by, decided_at=decided, agenda_item=item
            )
            if item is not None and status == ProposalStatus.ACCEPTED:
                AgendaItem.objects.filter(pk=item.pk).update(
                    proposer_organisation=rep.organisation, proposer_user=rep.user
                )
            events.append(
                TopicProposalEvent(
                    proposal=proposal,
                    from_status="submitted",
                    to_status=status,
                    at=decided,
                    by=by,
                    reason=reason,
                )
            )
        TopicProposalEvent.objects.bulk_create(events)
        created += 1
    return created


def _attach_presentation(meeting: Meeting, by: User | None) -> None:
    """A one-page PDF attached to approved minutes, stored like an upload (generated name, private path)."""
    from django.core.files.base import ContentFile
    from weasyprint import HTML

    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.attachments.exists():
        return
    items = "".join(
        f"<li>{item.title}: {item.outcome}</li>" for item in meeting.agenda_items.order_by("position")
    )
    html = (
        f"<h1>{meeting.title}</h1><p>Sintesi degli esiti presentata all'incontro del "
        f"{timezone.localtime(meeting.starts_at):%d/%m/%Y}.</p><ul>{items}</ul>"
    )
    pdf = HTML(string=html).write_pdf()
    attachment = Attachment(
        minutes=minutes,
        original_name="Sintesi degli esiti.pdf",
        content_type="application/pdf",
        size=len(pdf),
        uploaded_by=by,
        uploaded_at=minutes.approved_at or timezone.now(),
    )
    attachment.file.save("sintesi.pdf", ContentFile(pdf), save=False)
    attachment.save()


# What the table decided on the first item of each approved meeting, and what became of it:
# (kind, title, owner, days from the meeting to the expected date, [(days after the meeting, status, note)]).
DECISIONS = [
    (
        "service_request",
        "Mappare i bisogni emersi sul punto e riferire al Tavolo",
        "service",
        90,
        [
            (30, "in_progress", "Raccolti i dati dei primi due quartieri."),
            (80, "done", "Mappa presentata in plenaria."),
        ],
    ),
    (
        "commitment",
        "Le organizzazioni aderenti mettono a disposizione volontari",
        "organisations",
        60,
        [(45, "in_progress", "Disponibili 12 volontari; turni in definizione.")],
    ),
    (
        "giunta_proposal",
        "Proporre alla Giunta un fondo dedicato",
        "office",
        120,
        [(100, "dropped", "Il bilancio dell'anno non lo consente: la proposta torna al Tavolo a settembre.")],
    ),
    ("orientation", "Dare priorità al tema nella prossima programmazione", "office", 45, []),
]


def _seed_decisions(by: User | None) -> int:
    """One decision on the first item of each approved meeting, with its history of updates."""
    created = 0
    meetings = Meeting.objects.filter(status=MeetingStatus.MINUTES_APPROVED).order_by("starts_at")
    for index, meeting in enumerate(meetings):
        item = meeting.agenda_items.order_by("position").first()
        if item is None:
            continue
        kind, title, owner, expected_in, steps = DECISIONS[index % len(DECISIONS)]
        routing = item.routings.select_related("service").first()
        if owner == "service" and routing is None:
            owner = "office"
        decision, new = Decision.objects.get_or_create(
            agenda_item=item,
            title=title,
            defaults={
                "kind": kind,
                "owner_kind": owner,
                "owner_service": routing.service if owner == "service" else None,
                "expected_date": timezone.localdate(meeting.starts_at) + dt.timedelta(days=expected_in),
            },
        )
        if not new:
            continue
        created += 1
        decision.themes.set(item.themes.all())
        if owner == "organisations":
            decision.owner_organisations.set(_members_on(timezone.localdate(meeting.starts_at))[:2])
        approved = meeting.minutes.approved_at or meeting.starts_at
        DecisionUpdate.objects.create(decision=decision, at=approved, to_status="planned", by=by)
        previous = "planned"
        for days, status, note in steps:
            at = meeting.starts_at + dt.timedelta(days=days)
            if at > timezone.now():
                break
            DecisionUpdate.objects.create(
                decision=decision, at=at, from_status=previous, to_status=status, reason=note, by=by
            )
            previous = status
        decision.status = previous
        decision.save(update_fields=["status", "updated_at"])
    return created


def seed(*, stdout) -> None:
    by = User.objects.filter(email=STAFF_EMAIL).first()
    created = 0
    with transaction.atomic():
        last = len(demo_data.MEETINGS) - 1
        for index, spec in enumerate(demo_data.MEETINGS):
            # The latest meeting is held, its draft minutes open for comments; the others are closed.
            status = MeetingStatus.HELD if index == last else MeetingStatus.MINUTES_APPROVED
            created += _create_meeting(spec, index=index, status=status, by=by) is not None
        created += (
            _create_meeting(demo_data.UPCOMING, index=100, status=MeetingStatus.CONVENED, by=by) is not None
        )
        created += _create_meeting(demo_data.DRAFT, index=200, status=MeetingStatus.DRAFT, by=by) is not None
        title, _kind, when, *_rest = demo_data.UPCOMING
        upcoming = Meeting.objects.filter(title=title, starts_at=_aware(when)).first()
        proposals = _seed_proposals(upcoming, by)
        for meeting in Meeting.objects.filter(status=MeetingStatus.MINUTES_APPROVED).order_by("-starts_at")[
            :2
        ]:
            _attach_presentation(meeting, by)
        decisions = _seed_decisions(by)
    stdout.write(
        f"Meetings: {created} meetings, {proposals} topic proposals and {decisions} decisions created.\n"
    )
