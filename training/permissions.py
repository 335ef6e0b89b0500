"""Who may see and do what in the training app: one place, used by every view.

Staff (chair and welfare office) manage every session. A representative manages only the
registrations of its own organisations: anybody else's give 404. Participants reach their own
registration through the random token of their e-mails.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from members.models import Organisation, User
from members.roles import can, require
from members.selectors import current_organisation, representative_organisations
from training.models import Certificate, Registration, TrainingSession
from training.services import organisation_may_register


def is_training_staff(user: User) -> bool:
    return can(user, "manage_training")


def require_training_staff(user: User) -> None:
    """Staff pages: signed-in people without the role get 403 (the page exists, it is not theirs)."""
    require(user, "manage_training")


def get_session_for_staff(user: User, pk: int) -> TrainingSession:
    require_training_staff(user)
    try:
        return TrainingSession.objects.get(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def organisations_allowed_to_register(request: HttpRequest, session: TrainingSession) -> list[Organisation]:
    """The organisation the representative acts for now, when the session's audience includes it
    (empty for anyone else). Whether registrations are open now is the session's own rule."""
    organisation = current_organisation(request, members_only=True)
    if organisation is None or not can(request.user, "register_people"):
        return []
    return [organisation] if organisation_may_register(organisation=organisation, session=session) else []


def require_representative(user: User) -> None:
    """The representatives' training pages (their people's history): other roles get 403."""
    require(user, "register_people")


def _require_staff_or_representative(user: User) -> None:
    """Registrations and certificates: staff and representatives; other roles (referents) get 403."""
    if not (is_training_staff(user) or can(user, "register_people")):
        raise PermissionDenied


def get_registration_for_user(user: User, pk: int) -> Registration:
    """A registration the user may manage: staff any, a representative its organisations' only (404
    for others'); 403 for roles that manage none."""
    _require_staff_or_representative(user)
    queryset = Registration.objects.select_related("session", "organisation")
    if not is_training_staff(user):
        organisations = [o.pk for o in representative_organisations(user)]
        queryset = queryset.filter(organisation_id__in=organisations)
    try:
        return queryset.get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None


def get_registration_for_token(token: str) -> Registration:
    try:
        return Registration.objects.select_related("session", "organisation").get(token=token)
    except Registration.DoesNotExist:
        raise Http404 from None


def get_certificate_for_user(user: User, pk: int) -> Certificate:
    """A certificate: staff any, a representative those of its organisations' people (404 for others');
    403 for roles that manage none."""
    _require_staff_or_representative(user)
    queryset = Certificate.objects.select_related("registration__session", "registration__organisation")
    if not is_training_staff(user):
        organisations = [o.pk for o in representative_organisations(user)]
        queryset = queryset.filter(registration__organisation_id__in=organisations)
    try:
        return queryset.get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
