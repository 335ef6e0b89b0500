from __future__ import annotations

import pytest
from django.core import mail

from meetings import selectors, services
from meetings.errors import MeetingError
from meetings.models import ProposalStatus
from members.models import Theme
from tests.factories import TopicProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(org_rep, rep_org, theme_anziani):
    return services.proposal_submit(
        organisation=rep_org,
        by=org_rep,
        title="Anziani soli d'estate",
        description="Molti anziani restano soli a luglio e agosto.",
        themes=[theme_anziani],
    )


def test_accept_puts_the_proposal_on_the_agenda_routed_and_tells_the_proposer(
    proposal,
    draft_meeting,
    municipal_service,
    service_referent,
    staff,
    org_rep,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.proposal_accept(proposal=proposal, meeting=draft_meeting, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.agenda_item == item
    assert item.meeting == draft_meeting and item.proposer_organisation == proposal.organisation
    assert list(item.routings.values_list("service__name", flat=True)) == ["Servizi sociali"]
    to_proposer = [m for m in mail.outbox if m.to == [org_rep.email]]
    assert len(to_proposer) == 1
    assert "la tua proposta di tema «Anziani soli d'estate» è stata accolta." in to_proposer[0].body
    assert "Plenaria di dicembre" in to_proposer[0].body
    assert list(proposal.events.values_list("to_status", flat=True)) == ["submitted", "accepted"]
    with pytest.raises(MeetingError, match="già"):
        services.proposal_decline(proposal=proposal, by=staff, reason="no")


def test_deferred_proposal_comes_back_and_can_be_merged(
    proposal, item, staff, org_rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_defer(proposal=proposal, by=staff, reason="Ne parliamo a febbraio")
    assert list(selectors.proposals_to_decide()) == [proposal]
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_merge(proposal=proposal, item=item, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.MERGED and proposal.agenda_item == item
    assert list(selectors.proposals_to_decide()) == []
    bodies = [m.body for m in mail.outbox if m.to == [org_rep.email]]
    assert len(bodies) == 2
    assert "è stata rinviata a un prossimo incontro." in bodies[0] and "Ne parliamo a febbraio" in bodies[0]


def test_decline_needs_a_reason_which_the_proposer_reads(
    proposal, staff, org_rep, django_capture_on_commit_callbacks
):
    with pytest.raises(MeetingError, match="motivo"):
        services.proposal_decline(proposal=proposal, by=staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decline(proposal=proposal, by=staff, reason="Non di competenza del Tavolo")
    [message] = [m for m in mail.outbox if m.to == [org_rep.email]]
    assert "Non di competenza del Tavolo" in message.body
    assert "«Anziani soli d'estate» non è stata accolta." in message.body


def test_a_proposal_needs_a_theme(org_rep, rep_org):
    with pytest.raises(MeetingError, match="tema"):
        services.proposal_submit(
            organisation=rep_org, by=org_rep, title="T", description="D", themes=Theme.objects.none()
        )


def test_representative_proposes_from_the_reserved_area(org_rep_client, rep_org, theme_casa):
    response = org_rep_client.post(
        "/area-riservata/proposte/nuova/",
        {"title": "Emergenza abitativa", "description": "Sfratti in aumento.", "themes": [theme_casa.pk]},
    )
    assert response.status_code == 302
    page = org_rep_client.get("/area-riservata/proposte/")
    assert "Emergenza abitativa" in page.content.decode()
    assert rep_org.topic_proposals.get().status == ProposalStatus.SUBMITTED


def test_proposal_form_keeps_values_and_shows_italian_errors(org_rep_client):
    response = org_rep_client.post("/area-riservata/proposte/nuova/", {"title": "Emergenza abitativa"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Emergenza abitativa"' in content
    assert "Questo campo è obbligatorio" in content


def test_only_representatives_propose_and_only_staff_decide(
    service_referent_client, org_rep_client, proposal
):
    assert service_referent_client.get("/area-riservata/proposte/nuova/").status_code == 403
    assert org_rep_client.get("/area-riservata/proposte/da-decidere/").status_code == 403
    assert org_rep_client.get(f"/area-riservata/proposte/{proposal.pk}/decisione/").status_code == 403


def test_staff_decide_from_the_queue(staff_client, proposal, draft_meeting, org_rep):
    assert (
        "Anziani soli d&#x27;estate"
        in staff_client.get("/area-riservata/proposte/da-decidere/").content.decode()
    )
    response = staff_client.post(
        f"/area-riservata/proposte/{proposal.pk}/decisione/",
        {"decision": "accept", "meeting": draft_meeting.pk},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    other = TopicProposalFactory(title="Altra proposta")
    response = staff_client.post(f"/area-riservata/proposte/{other.pk}/decisione/", {"decision": "decline"})
    assert response.status_code == 200
    assert "Indica il motivo per cui la proposta è respinta" in response.content.decode()
    other.refresh_from_db()
    assert other.status == ProposalStatus.SUBMITTED
