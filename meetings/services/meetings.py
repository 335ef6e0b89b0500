"""A meeting's life: create, edit, convene, change after the convocation, cancel, mark as held."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.errors import MeetingError
from meetings.models import Invitation, Meeting, MeetingKind, MeetingStatus, MeetingStatusChange
from meetings.services._common import clean
from members.models import Organisation, OrganisationStatus, User

# Changing one of these after the convocation sends an update to everyone invited.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")
EDITABLE_FIELDS = ("title", "kind", "starts_at", "ends_at", "place", "online_url", "is_public", "description")


def _set_status(meeting: Meeting, to: str, *, by: User | None, reason: str = "") -> None:
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=to, by=by, reason=reason
    )
    meeting.status = to


def _send_notice(meeting: Meeting, method: str) -> None:
    from meetings.tasks import send_meeting_notice

    pk, sequence = meeting.pk, meeting.ics_sequence
    transaction.on_commit(lambda: send_meeting_notice.enqueue(pk, sequence, method))


def meeting_create(
    *,
    by: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = MeetingKind.PLENARY,
    place: str = "",
    online_url: str = "",
    is_public: bool = True,
    description: str = "",
) -> Meeting:
    """Create a meeting as a draft."""
    meeting = Meeting(
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        is_public=is_public,
        description=description,
    )
    if not place and not online_url:
        raise MeetingError(_("Give a place, an online link or both."))
    clean(meeting)
    with transaction.atomic():
        meeting.save()
        MeetingStatusChange.objects.create(
            meeting=meeting, from_status="", to_status=MeetingStatus.DRAFT, by=by
        )
    return meeting


def meeting_update(*, meeting: Meeting, by: User, **changes: object) -> Meeting:
    """Edit a meeting; after the convocation a new date or place is sent to everyone invited."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if "edit" not in meeting.allowed_actions(manager=True):
            raise MeetingError(_("A cancelled meeting cannot be changed."))
        calendar_changed = any(
            field in changes and changes[field] != getattr(meeting, field) for field in CALENDAR_FIELDS
        )
        for field, value in changes.items():
            setattr(meeting, field, value)
        if not meeting.place and not meeting.online_url:
            raise MeetingError(_("Give a place, an online link or both."))
        moved_to_past = meeting.starts_at < timezone.now()
        if calendar_changed and meeting.status == MeetingStatus.CONVENED and moved_to_past:
            raise MeetingError(_("The meeting cannot be moved to a date in the past."))
        clean(meeting)
        notify = calendar_changed and meeting.status == MeetingStatus.CONVENED
        if notify:
            meeting.ics_sequence += 1
        meeting.save()
        if notify:
            _send_notice(meeting, "REQUEST")
    return meeting


def meeting_convene(*, meeting: Meeting, by: User) -> Meeting:
    """Convene a draft meeting: invite every active organisation and e-mail the convocation (in a task)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if "convene" not in meeting.allowed_actions(manager=True):
            if meeting.status != MeetingStatus.DRAFT:
                raise MeetingError(_("Only a draft meeting can be convened."))
            raise MeetingError(_("A meeting can be convened only before it starts."))
        if not meeting.agenda_items.exists():
            raise MeetingError(_("Add at least one agenda item before convening the meeting."))
        _set_status(meeting, MeetingStatus.CONVENED, by=by)
        meeting.convened_at = timezone.now()
        meeting.save()
        # One INSERT for all the organisations; the e-mails (one per person) are the task's bulk work.
        org_ids = Organisation.objects.filter(status=OrganisationStatus.ACTIVE).values_list("pk", flat=True)
        Invitation.objects.bulk_create(
            [Invitation(meeting=meeting, organisation_id=pk) for pk in org_ids],
            ignore_conflicts=True,
            batch_size=500,
        )
        _send_notice(meeting, "REQUEST")
    return meeting


def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting | None:
    """Cancel a meeting; if it was convened, everyone invited receives the cancellation (METHOD:CANCEL).

    A draft never convened is deleted instead (None is returned): nobody was told of it.
    """
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if "cancel" not in meeting.allowed_actions(manager=True):
            raise MeetingError(_("Only a draft or convened meeting can be cancelled."))
        if meeting.cancel_deletes and _draft_delete(meeting):
            return None
        if not reason.strip():
            raise MeetingError(_("Say why the meeting is cancelled."))
        was_convened = meeting.status == MeetingStatus.CONVENED
        _set_status(meeting, MeetingStatus.CANCELLED, by=by, reason=reason)
        if was_convened:
            meeting.ics_sequence += 1
        meeting.save()
        if was_convened:
            _send_notice(meeting, "CANCEL")
    return meeting


def _draft_delete(meeting: Meeting) -> bool:
    """Delete a draft with its agenda and its own history; False if something else still refers to it."""
    try:
        with transaction.atomic():
            meeting.status_changes.all().delete()
            meeting.delete()
    except ProtectedError:
        return False
    return True


def meeting_mark_held(*, meeting: Meeting, by: User) -> Meeting:
    """Record that a convened meeting took place."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if "mark_held" not in meeting.allowed_actions(manager=True):
            if meeting.status != MeetingStatus.CONVENED:
                raise MeetingError(_("Only a convened meeting can be marked as held."))
            raise MeetingError(_("The meeting has not started yet."))
        _set_status(meeting, MeetingStatus.HELD, by=by)
        meeting.save()
    return meeting


def invitations_for_new_member(organisation: Organisation) -> list[Invitation]:
    """A new (or reinstated) member is invited to the convened meetings still ahead, and each
    convocation is e-mailed to its representatives (in a task, after commit)."""
    from meetings.tasks import send_convocation_to_organisation

    ahead = Meeting.objects.filter(status=MeetingStatus.CONVENED, starts_at__gt=timezone.now()).exclude(
        invitations__organisation=organisation
    )
    invitations = [Invitation.objects.create(meeting=meeting, organisation=organisation) for meeting in ahead]
    for invitation in invitations:
        meeting_pk, organisation_pk = invitation.meeting_id, organisation.pk
        transaction.on_commit(
            lambda m=meeting_pk, o=organisation_pk: send_convocation_to_organisation.enqueue(m, o)
        )
    return invitations
