from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from members import services
from members.models import MembershipEvent, OrganisationStatus
from tests.factories import OrganisationFactory, RepresentativeFactory

S = OrganisationStatus

# The membership rules as the regolamento states them (Art. 3 and Art. 10), written by hand:
# the Ufficio Welfare (staff) reviews an application, may ask for more information, accepts or refuses
# it; it may suspend a member with a reason and lift the suspension; every member may withdraw at any
# time (suspended ones too) and whoever withdrew, or was refused, may apply again. The representative
# answers a request for information. Staff may also record, on the organisation's behalf, what its
# representative may do (an answer or a withdrawal sent by post).
# Each cell is the status after the action, or "-" when the action must be refused.
STAFF_TABLE = """
             request_info  resubmit  approve  reject    suspend    reinstate  withdraw   rejoin
pending      needs_info    -         active   rejected  -          -          -          -
needs_info   -             pending   active   rejected  -          -          -          -
active       -             -         -        -         suspended  -          withdrawn  -
rejected     -             -         -        -         -          -          -          pending
suspended    -             -         -        -         -          active     withdrawn  -
withdrawn    -             -         -        -         -          -          -          pending
"""
REPRESENTATIVE_TABLE = """
             request_info  resubmit  approve  reject    suspend    reinstate  withdraw   rejoin
pending      -             -         -        -         -          -          -          -
needs_info   -             pending   -        -         -          -          -          -
active       -             -         -        -         -          -          withdrawn  -
rejected     -             -         -        -         -          -          -          pending
suspended    -             -         -        -         -          -          withdrawn  -
withdrawn    -             -         -        -         -          -          -          pending
"""


def _cells(table: str) -> list:
    """(status, action, status after) for every cell of a table written above."""
    header, *rows = (line.split() for line in table.strip().splitlines())
    return [
        pytest.param(status, action, target, id=f"{status}-{action}")
        for status, *targets in rows
        for action, target in zip(header, targets, strict=True)
    ]


def _rep_of(organisation):
    return RepresentativeFactory(organisation=organisation, is_primary=False).user


def test_the_tables_cover_every_status_and_action():
    for table in (STAFF_TABLE, REPRESENTATIVE_TABLE):
        cells = _cells(table)
        assert {c.values[0] for c in cells} == {s.value for s in S}
        assert len(cells) == 6 * 8


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "target"), _cells(STAFF_TABLE))
def test_transition_table_for_staff(staff, status, name, target):
    organisation = OrganisationFactory(status=status)
    before = organisation.events.count()
    if target != "-":
        event = services.organisation_transition(
            organisation=organisation, name=name, by=staff, reason="Motivo"
        )
        organisation.refresh_from_db()
        assert organisation.status == target
        assert (event.from_status, event.to_status, event.by) == (status, target, staff)
        assert event.reason == "Motivo"
        assert organisation.events.count() == before + 1
    else:
        with pytest.raises(services.MembershipError):
            services.organisation_transition(organisation=organisation, name=name, by=staff, reason="Motivo")
        organisation.refresh_from_db()
        assert organisation.status == status
        assert organisation.events.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "target"), _cells(REPRESENTATIVE_TABLE))
def test_transition_table_for_representative(status, name, target):
    organisation = OrganisationFactory(status=status)
    rep = _rep_of(organisation)
    before = organisation.events.count()
    if target != "-":
        services.organisation_transition(organisation=organisation, name=name, by=rep, reason="Motivo")
        organisation.refresh_from_db()
        assert organisation.status == target
        assert organisation.events.count() == before + 1
    else:
        with pytest.raises(services.MembershipError):
            services.organisation_transition(organisation=organisation, name=name, by=rep, reason="Motivo")
        organisation.refresh_from_db()
        assert organisation.status == status
        assert organisation.events.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["approve", "withdraw", "suspend", "rejoin"])
def test_outsider_cannot_apply_any_transition(other_org_rep, name):
    status = {"approve": S.PENDING, "withdraw": S.ACTIVE, "suspend": S.ACTIVE, "rejoin": S.WITHDRAWN}[name]
    organisation = OrganisationFactory(status=status)
    with pytest.raises(services.MembershipError, match="Non sei autorizzato"):
        services.organisation_transition(organisation=organisation, name=name, by=other_org_rep, reason="x")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reject", "suspend", "request_info"])
def test_reason_is_required(staff, name):
    organisation = OrganisationFactory(status=S.ACTIVE if name == "suspend" else S.PENDING)
    with pytest.raises(services.MembershipError) as exc:
        services.organisation_transition(organisation=organisation, name=name, by=staff, reason="   ")
    assert exc.value.field == "reason"


@pytest.mark.django_db
def test_approval_date_is_join_date_and_representatives_are_emailed(
    staff, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(status=S.PENDING, joined_on=None)
    rep = _rep_of(organisation)
    inactive = RepresentativeFactory(organisation=organisation, is_primary=False, is_active=False).user
    at = timezone.make_aware(dt.datetime(2026, 3, 4, 23, 30))  # late evening in Rome
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, by=staff, at=at)
    organisation.refresh_from_db()
    assert organisation.status == S.ACTIVE
    assert organisation.joined_on == dt.date(2026, 3, 4)
    recipients = [m.to[0] for m in mail.outbox]
    assert rep.email in recipients
    assert inactive.email not in recipients
    message = next(m for m in mail.outbox if m.to == [rep.email])
    assert "Aderente" in message.subject
    assert organisation.name in message.subject


@pytest.mark.django_db
def test_every_transition_emails_the_representatives_once(staff, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(status=S.PENDING, joined_on=None)
    rep = _rep_of(organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_request_info(organisation=organisation, by=staff, reason="Manca lo statuto")
        services.organisation_resubmit(organisation=organisation, by=rep, reason="Statuto caricato")
        services.organisation_approve(organisation=organisation, by=staff)
        services.organisation_suspend(organisation=organisation, by=staff, reason="Assenze ripetute")
        services.organisation_reinstate(organisation=organisation, by=staff)
        services.organisation_withdraw(organisation=organisation, by=rep)
    to_rep = [m for m in mail.outbox if m.to == [rep.email]]
    assert len(to_rep) == 6
    bodies = "\n".join(m.body for m in to_rep)
    assert "Manca lo statuto" in bodies
    assert "Assenze ripetute" in bodies
    assert len({m.extra_headers.get("Message-ID", m.subject + m.body) for m in to_rep}) == 6


@pytest.mark.django_db
def test_rejoin_keeps_history_on_the_same_row(staff):
    organisation = OrganisationFactory(status=S.ACTIVE)
    rep = _rep_of(organisation)
    services.organisation_withdraw(organisation=organisation, by=rep, reason="Chiusura attività")
    services.organisation_rejoin(organisation=organisation, by=rep)
    services.organisation_approve(organisation=organisation, by=staff)
    statuses = list(
        MembershipEvent.objects.filter(organisation=organisation).values_list("to_status", flat=True)
    )
    assert statuses == ["pending", "active", "withdrawn", "pending", "active"]
    organisation.refresh_from_db()
    assert organisation.joined_on == timezone.localdate()


@pytest.mark.django_db
def test_submit_only_for_new_applications(staff):
    organisation = OrganisationFactory(status=S.ACTIVE)  # already has history
    with pytest.raises(services.MembershipError):
        services.organisation_submit(organisation=organisation, by=staff)


@pytest.mark.django_db
def test_staff_are_told_about_a_rejoin(staff, assessore, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(status=S.WITHDRAWN)
    rep = _rep_of(organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_rejoin(organisation=organisation, by=rep)
    to = {m.to[0] for m in mail.outbox}
    assert {staff.email, assessore.email, rep.email} <= to
