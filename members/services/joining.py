"""Applications to join (the /aderisci/ form) and requests to represent an organisation that exists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.mail import email_enqueue
from members.models import (
    Consent,
    ConsentKind,
    Organisation,
    OrganisationStatus,
    RegulationVersion,
    RepresentationRequest,
    Representative,
    RequestStatus,
    Sector,
    Theme,
    User,
)
from members.roles import Role, grant_role
from members.services.errors import MembershipError
from members.services.lifecycle import organisation_submit
from members.services.notify import absolute, notify_staff
from members.services.profile import organisation_profile_record

FISCAL_CODE_TAKEN = _("An organisation with this fiscal code is already registered.")
PERSON_FISCAL_CODE_TAKEN = _(
    "Another account already has this fiscal code. If it is yours, sign in with that account (or recover "
    "its password) and apply from there; otherwise write to the welfare office."
)
# The join form's field for the representative's own fiscal code (members.forms.JoinForm).
PERSON_FISCAL_CODE_FIELD = "person_fiscal_code"


@dataclass(frozen=True)
class NewAccount:
    """The first representative's account, when the applicant is not signed in."""

    email: str
    password: str
    first_name: str
    last_name: str
    # The person's own fiscal code (16 characters): a later SPID/CIE sign-in finds the account by it.
    fiscal_code: str = ""


def unique_slug(name: str, *, model: type = Organisation, exclude_pk: int | None = None) -> str:
    """A slug from the name, made unique with -2, -3... (never empty)."""
    field_length = model._meta.get_field("slug").max_length
    base = (slugify(name) or "organizzazione")[: field_length - 6].strip("-") or "organizzazione"
    candidate, n = base, 1
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _record_consents(*, user: User, organisation: Organisation, regulation: RegulationVersion) -> None:
    now = timezone.now()
    rows = [
        Consent(
            user=user,
            organisation=organisation,
            kind=ConsentKind.REGULATION,
            version=regulation.version,
            accepted_at=now,
        ),
        Consent(
            user=user,
            organisation=organisation,
            kind=ConsentKind.PRIVACY,
            version=settings.TAVOLO_PRIVACY_VERSION,
            accepted_at=now,
        ),
    ]
    if organisation.directory_consent:
        rows.append(
            Consent(
                user=user,
                organisation=organisation,
                kind=ConsentKind.DIRECTORY,
                version=settings.TAVOLO_PRIVACY_VERSION,
                accepted_at=now,
            )
        )
    Consent.objects.bulk_create(rows)


def _account_with_email(email: str) -> User | None:
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    return address.user if address else User.objects.filter(email__iexact=email).first()


def _tell_existing_account(user: User, email: str) -> None:
    # At most one such e-mail a day per account, so the form cannot be used to flood someone's inbox.
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Your application to join the Tavolo delle Risorse")
    email_enqueue(
        to=email,
        subject=subject,
        template="members/emails/join_existing_account",
        context={
            "login_url": absolute(f"{reverse('account_login')}?next={reverse('members:join')}"),
            "reset_url": absolute(reverse("account_reset_password")),
        },
        dedup_key=f"join-existing-account-{user.pk}-{timezone.localdate().isoformat()}",
    )


def _save_user(user: User) -> None:
    """Validate and save the account; a fiscal code taken or malformed becomes the form field's error."""
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors = exc.message_dict
        taken = str(_user_constraint("user_fiscal_code_unique").violation_error_message)
        if taken in errors.get("__all__", []) or taken in errors.get("fiscal_code", []):
            raise MembershipError(PERSON_FISCAL_CODE_TAKEN, field=PERSON_FISCAL_CODE_FIELD) from exc
        if "fiscal_code" in errors:
            raise MembershipError(" ".join(errors["fiscal_code"]), field=PERSON_FISCAL_CODE_FIELD) from exc
        raise MembershipError(" ".join(exc.messages)) from exc
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # A concurrent application with the same fiscal code (the e-mail was checked just before).
        raise MembershipError(PERSON_FISCAL_CODE_TAKEN, field=PERSON_FISCAL_CODE_FIELD) from exc


def _user_constraint(name: str):
    return next(c for c in User._meta.constraints if c.name == name)


def _create_account(account: NewAccount) -> tuple[User, EmailAddress]:
    email = account.email.strip().lower()
    user = User(
        email=email,
        first_name=account.first_name.strip(),
        last_name=account.last_name.strip(),
        fiscal_code=account.fiscal_code.strip().upper(),
    )
    user.set_password(account.password)
    _save_user(user)
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user, address


def _record_user_fiscal_code(user: User, fiscal_code: str) -> None:
    """A signed-in applicant's own fiscal code, kept when the account has none yet."""
    code = fiscal_code.strip().upper()
    if not code or user.fiscal_code == code:
        return
    if user.fiscal_code:
        raise MembershipError(
            _("Your account already has another fiscal code: write to the welfare office to change it."),
            field=PERSON_FISCAL_CODE_FIELD,
        )
    user.fiscal_code = code
    _save_user(user)


@transaction.atomic
def application_submit(
    *,
    organisation_data: dict[str, Any],
    sectors: Iterable[Sector],
    themes: Iterable[Theme],
    role_in_organisation: str,
    regulation: RegulationVersion,
    user: User | None = None,
    user_fiscal_code: str = "",
    account: NewAccount | None = None,
    request: HttpRequest | None = None,
) -> Organisation | None:
    """Create a pending organisation, its primary representative and the consents; notify staff.

    None when the new account's address already has an account: its owner is told by e-mail.
    The representative's own fiscal code (the new account's, or `user_fiscal_code` for a signed-in
    applicant whose account has none) is stored on the account: a later SPID/CIE sign-in finds it.
    """
    if regulation is None:
        raise MembershipError(_("No version of the rules is in force: applications are closed."))
    if (user is None) == (account is None):
        raise MembershipError(_("Either a signed-in user or a new account is needed."))
    sectors, themes = list(sectors), list(themes)
    if not sectors:
        raise MembershipError(_("Choose at least one sector."), field="sectors")
    fiscal_code = str(organisation_data.get("fiscal_code", "")).strip().upper()
    if Organisation.objects.filter(fiscal_code=fiscal_code).exists():
        raise MembershipError(FISCAL_CODE_TAKEN, field="fiscal_code")

    organisation = Organisation(
        **{**organisation_data, "fiscal_code": fiscal_code},
        slug=unique_slug(organisation_data.get("name", "")),
        status=OrganisationStatus.PENDING,
    )
    try:
        organisation.full_clean(exclude=["sectors", "themes"])
    except ValidationError as exc:
        if "fiscal_code" in exc.message_dict:
            raise MembershipError(FISCAL_CODE_TAKEN, field="fiscal_code") from exc
        raise MembershipError(" ".join(exc.messages)) from exc
    address = None
    if account is not None:
        existing = _account_with_email(account.email.strip().lower())
        if existing is not None:
            # Answered as a new address is (the page must not tell who has an account): the owner
            # learns by e-mail how to apply after signing in.
            _tell_existing_account(existing, account.email.strip().lower())
            make_password(account.password)  # the work of a new account: the answer takes as long
            return None
        user, address = _create_account(account)
    assert user is not None
    if account is None:
        _record_user_fiscal_code(user, user_fiscal_code)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:  # a concurrent application with the same fiscal code
        raise MembershipError(FISCAL_CODE_TAKEN, field="fiscal_code") from exc
    organisation.sectors.set(sectors)
    organisation.themes.set(themes)
    organisation_profile_record(organisation=organisation, by=user)
    Representative.objects.create(
        user=user,
        organisation=organisation,
        is_primary=True,
        role_in_organisation=role_in_organisation.strip()[:120],
    )
    grant_role(user, Role.REPRESENTATIVE)
    _record_consents(user=user, organisation=organisation, regulation=regulation)
    organisation_submit(organisation=organisation, by=user)
    if address is None:
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is not None and not address.verified and request is not None:
        # allauth's own verification e-mail (it needs the request being served, so it is sent now).
        address.send_confirmation(request, signup=True)
    return organisation


@transaction.atomic
def representation_request_create(
    *, organisation: Organisation, user: User, role_in_organisation: str, message: str = ""
) -> RepresentationRequest:
    """Ask to become an additional representative of an existing organisation."""
    if organisation.status in (OrganisationStatus.REJECTED, OrganisationStatus.WITHDRAWN):
        raise MembershipError(_("This organisation is not part of the table at the moment."))
    if Representative.objects.filter(organisation=organisation, user=user, is_active=True).exists():
        raise MembershipError(_("You already represent this organisation."))
    if RepresentationRequest.objects.filter(
        organisation=organisation, user=user, status=RequestStatus.PENDING
    ).exists():
        raise MembershipError(
            _("You have already asked to represent this organisation: the request is pending.")
        )
    req = RepresentationRequest(
        organisation=organisation,
        user=user,
        role_in_organisation=role_in_organisation.strip()[:120],
        message=message.strip(),
    )
    req.full_clean()
    req.save()
    context = {
        "organisation": organisation,
        "request_obj": req,
        "url": absolute(reverse("members:my_organisation", args=[organisation.pk])),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Request to represent %(organisation)s") % {"organisation": organisation.name}
    primaries = {
        rep.user
        for rep in Representative.objects.filter(
            organisation=organisation, is_active=True, is_primary=True
        ).select_related("user")
    }
    for primary in primaries:
        email_enqueue(
            to=primary.email,
            subject=subject,
            template="members/emails/representation_request",
            context={**context, "recipient": primary},
            dedup_key=f"representation-request-{req.pk}-{primary.pk}",
        )
    notify_staff(
        subject=subject,
        template="members/emails/representation_request",
        context={**context, "url": absolute(reverse("members:staff_detail", args=[organisation.pk]))},
        key=f"representation-request-{req.pk}",
        exclude=[p.pk for p in primaries],
    )
    return req


@transaction.atomic
def representation_request_decide(
    *, request_obj: RepresentationRequest, by: User, approve: bool
) -> RepresentationRequest:
    """The primary representative or staff accept or refuse a request to represent the organisation."""
    from members.permissions import can_manage_representatives

    req = (
        RepresentationRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=request_obj.pk)
    )
    if not can_manage_representatives(by, req.organisation):
        raise MembershipError(_("You are not allowed to do this for this organisation."))
    if req.status != RequestStatus.PENDING:
        raise MembershipError(_("This request has already been decided."))
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    req.decided_by, req.decided_at = by, timezone.now()
    req.save()
    if (
        approve
        and not Representative.objects.filter(
            organisation=req.organisation, user=req.user, is_active=True
        ).exists()
    ):
        Representative.objects.create(
            user=req.user, organisation=req.organisation, role_in_organisation=req.role_in_organisation
        )
        grant_role(req.user, Role.REPRESENTATIVE)
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Your request to represent %(organisation)s") % {
            "organisation": req.organisation.name
        }
    email_enqueue(
        to=req.user.email,
        subject=subject,
        template="members/emails/representation_decided",
        context={
            "request_obj": req,
            "organisation": req.organisation,
            "recipient": req.user,
            "url": absolute(reverse("dashboard")),
        },
        dedup_key=f"representation-request-{req.pk}-decided",
    )
    request_obj.status = req.status
    return req
