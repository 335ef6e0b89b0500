"""Digital identities (SPID, CIE): which account an identity signs in to, linking it, creating one.

The fiscal code is the person's key. A first sign-in with an identity goes, in this order, to:
1. the account that already holds the same fiscal code: at once if an identity verified that code
   (`identity_linked_at` set); if the code was only declared (the join form, staff in the admin), once the
   person confirms the link (members.views.identity.link_confirm): the identity's e-mail address is one
   of the account's verified ones, or else the person types the account's password. Without either,
   the office has to check the code: a declared code never hands an account to whoever wrote it;
2. the account whose verified e-mail address is the identity's, once the person confirms the link
   and only if that account holds no other fiscal code;
3. a new account, with the identity's e-mail address verified and no password.
While an identity is linked, name and surname come from it and the admin cannot change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.it import codicefiscale

from members.models import User
from members.services.errors import MembershipError

FISCAL_CODE_TAKEN = _("Another account already has this fiscal code.")


class Method(StrEnum):
    SPID = "spid"
    CIE = "cie"


@dataclass(frozen=True)
class Identity:
    """What a provider says about the person (the OpenID Connect claims, already verified)."""

    method: Method
    provider: str  # the identity provider's name, shown to the person ("SPID (demo)", "Poste ID"...)
    fiscal_code: str  # as the provider sends it: "TINIT-RSSMRA80A01H501U" or the bare code
    given_name: str
    family_name: str
    email: str
    level: int  # SPID level (1, 2, 3); CIE is level 3
    provider_key: str = ""  # which of the portal's providers answered (members.identity.providers)

    @property
    def is_strong(self) -> bool:
        """SPID level 2 or more, or CIE: the portal's second factor for staff."""
        return self.method == Method.CIE or self.level >= 2


def normalise_person_code(value: str) -> str:
    """The 16-character personal fiscal code of a provider's claim ("TINIT-..." prefix removed)."""
    code = re.sub(r"[\s-]", "", value or "").upper()
    code = code.removeprefix("TINIT")
    try:
        return codicefiscale.validate(code)
    except Exception as exc:  # stdnum raises its own ValidationError subclasses
        raise MembershipError(_("The identity provider sent a fiscal code that is not valid.")) from exc


class MatchKind(StrEnum):
    LINKED = "linked"  # the account with the same verified fiscal code
    BY_EMAIL = "by_email"  # the account with the same verified e-mail: the person confirms first
    # The account that declared the fiscal code: the person types its password first.
    BY_PASSWORD = "by_password"  # noqa: S105 (not a password)
    NEW = "new"  # nobody: a new account


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    user: User | None


def identity_match(*, identity: Identity) -> Match:
    """The account this identity signs in to (read only: nothing is linked or created here)."""
    code = normalise_person_code(identity.fiscal_code)
    user = User.objects.filter(fiscal_code=code).first()
    if user is not None:
        if not user.is_active:
            raise MembershipError(_("The account linked to this identity is disabled: contact the office."))
        if user.identity_linked_at is not None:
            return Match(MatchKind.LINKED, user)
        return _declared_code_match(user, identity)
    email = (identity.email or "").strip()
    if email:
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
        )
        if address is not None and address.user.is_active:
            if address.user.fiscal_code:
                # The account belongs to someone else's fiscal code: never merge two people.
                raise MembershipError(
                    _(
                        "An account with the e-mail address of this identity is linked to another "
                        "fiscal code: contact the office."
                    )
                )
            return Match(MatchKind.BY_EMAIL, address.user)
    if not email:
        raise MembershipError(
            _(
                "The identity provider did not send an e-mail address: the portal needs one to create "
                "your account."
            )
        )
    if (
        EmailAddress.objects.filter(email__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        # An address waiting for confirmation: the person must confirm it (or sign in) first.
        raise MembershipError(
            _(
                "An account with the e-mail address of this identity is waiting for its address to be "
                "confirmed: confirm it from the message you received, then sign in again."
            )
        )
    return Match(MatchKind.NEW, None)


def _declared_code_match(user: User, identity: Identity) -> Match:
    """The account declared the identity's fiscal code and no identity verified it yet: the person proves
    the account is theirs (its verified e-mail address, or its password) before the link."""
    email = (identity.email or "").strip()
    if email and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        return Match(MatchKind.BY_EMAIL, user)
    if user.has_usable_password():
        return Match(MatchKind.BY_PASSWORD, user)
    raise MembershipError(
        _(
            "An account of the portal has declared the fiscal code of this identity, but nobody has "
            "verified it yet and the account has no password to prove it is yours. Contact %(office)s: "
            "they will check the fiscal code and link it for you."
        )
        % {"office": settings.TAVOLO_OFFICE}
    )


def _apply_identity(user: User, identity: Identity) -> None:
    user.fiscal_code = normalise_person_code(identity.fiscal_code)
    user.first_name = identity.given_name.strip()[:150] or user.first_name
    user.last_name = identity.family_name.strip()[:150] or user.last_name
    user.identity_provider = identity.provider[:80]
    if user.identity_linked_at is None:
        user.identity_linked_at = timezone.now()


def identity_link(*, user: User, identity: Identity) -> User:
    """Link the identity to the account (or refresh the names of a linked one)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        code = normalise_person_code(identity.fiscal_code)
        if user.fiscal_code and user.fiscal_code != code:
            raise MembershipError(FISCAL_CODE_TAKEN)
        _apply_identity(user, identity)
        try:
            user.full_clean(exclude=["password"])
            with transaction.atomic():
                user.save()
        except (ValidationError, IntegrityError) as exc:
            raise MembershipError(FISCAL_CODE_TAKEN) from exc
    return user


def identity_account_create(*, identity: Identity) -> User:
    """A new account for the identity: its e-mail address verified by the provider, no password."""
    email = identity.email.strip().lower()
    with transaction.atomic():
        user = User(email=email)
        user.set_unusable_password()
        _apply_identity(user, identity)
        try:
            user.full_clean(exclude=["password"])
            with transaction.atomic():
                user.save()
        except (ValidationError, IntegrityError) as exc:
            raise MembershipError(FISCAL_CODE_TAKEN) from exc
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user
