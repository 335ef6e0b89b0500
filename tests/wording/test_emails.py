"""The e-mails of a membership's life, read against the defect list (tests/wording/defects.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from members import services
from members.models import OrganisationStatus
from tests.factories import OrganisationFactory, RepresentativeFactory
from tests.wording.defects import DEFECTS


def _defects(text: str) -> list[str]:
    return [f"{d.name}: {m.group(0)!r}" for d in DEFECTS for m in d.pattern.finditer(text)]


@pytest.mark.django_db
def test_membership_emails_speak_italian(staff, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(status=OrganisationStatus.PENDING, joined_on=None)
    rep = RepresentativeFactory(organisation=organisation, is_primary=False).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_request_info(organisation=organisation, by=staff, reason="Manca lo statuto")
        services.organisation_resubmit(organisation=organisation, by=rep, reason="Statuto caricato")
        services.organisation_approve(
            organisation=organisation, by=staff, at=timezone.make_aware(dt.datetime(2026, 7, 8, 10, 0))
        )
        services.organisation_suspend(organisation=organisation, by=staff, reason="Assenze ripetute")
        services.organisation_reinstate(organisation=organisation, by=staff)
        services.organisation_withdraw(organisation=organisation, by=rep)
    assert len(mail.outbox) >= 6
    problems = []
    for message in mail.outbox:
        texts = [message.subject, message.body] + [
            content for content, _ in getattr(message, "alternatives", [])
        ]
        problems += [f"«{message.subject}»: {p}" for text in texts for p in _defects(str(text))]
    assert not problems, "\n".join(problems)
    approval = "\n".join(m.body for m in mail.outbox if m.to == [rep.email])
    assert "aderisce al Tavolo dall'8 luglio 2026" in approval
