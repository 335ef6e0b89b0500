from __future__ import annotations

import json

import pytest

from meetings import privacy, services
from meetings.models import AttendanceReply, TopicProposal

pytestmark = pytest.mark.django_db


def test_personal_data_and_anonymise_keep_the_organisations_history(
    org_rep, rep_org, item, staff, theme_anziani
):
    proposal = services.proposal_submit(
        organisation=rep_org,
        by=org_rep,
        title="Orti sociali",
        description="Per gli anziani.",
        themes=[theme_anziani],
    )
    meeting = services.meeting_convene(meeting=item.meeting, by=staff)
    services.attendance_reply(
        meeting=meeting, organisation=rep_org, by=org_rep, status="present", attendee_names="Maria Rossi"
    )
    data = privacy.personal_data(org_rep)
    json.dumps(data)
    assert data["topic_proposals"][0]["title"] == "Orti sociali"
    assert data["attendance_replies"][0]["attendee_names"] == "Maria Rossi"

    privacy.anonymise(org_rep)
    proposal.refresh_from_db()
    assert proposal.proposer is None and proposal.organisation == rep_org
    reply = AttendanceReply.objects.get(meeting=meeting, organisation=rep_org)
    assert reply.replied_by is None and reply.attendee_names == "" and reply.status == "present"
    assert privacy.personal_data(org_rep) == {
        "topic_proposals": [],
        "attendance_replies": [],
        "minutes_comments": [],
        "routings": [],
    }
    assert TopicProposal.objects.count() == 1
