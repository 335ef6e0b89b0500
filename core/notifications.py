"""What concerns each person: in-app notifications, and the e-mails each person chooses to receive.

Every e-mail and notification has a *kind*. Each app declares its kinds (`EmailKind`) in its
`email_kinds.py`, listed in `settings.TAVOLO_PROVIDERS["email_kinds"]`; core declares the account
kind. A kind is mandatory when the table cannot work without it (convocations, the rules, the account,
registrations and certificates: see docs/rules.md): it is always sent and carries no List-Unsubscribe.
An optional kind can be switched off by each person (`EmailOptOut`), on the preferences page or with
the one-click link of the e-mail (RFC 8058); `core.mail.email_enqueue` honours the choice. The in-app
notification appears whatever the choice.

Apps call `notify(...)` in their services: the rows and e-mails are written after the commit.

The header's unread count is kept in the shared cache per person, tagged with that person's *unread
version*: every write to their notifications makes a new version (saves and deletes through the signals
`connect_signals()` sets, the bulk writes here by calling `unread_changed()` themselves), at once and
again when the transaction commits, so a count is never served after a change of what it counts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.memo import forget, memoised
from core.models import EmailOptOut, Notification
from core.providers import providers

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    from core.dashboard import Panel

ACCOUNT = "account"
UNSUBSCRIBE_SALT = "core.notifications.unsubscribe"
PAGE_SIZE = 20


@dataclass(frozen=True)
class EmailKind:
    """A kind of e-mail and notification, as the preferences page shows it.

    `mandatory`: needed for the table to work, never switched off. `watch`: the office's unread
    notifications of this kind are listed on its dashboard ("Da guardare"). `audience(user)`: whether
    the preferences page offers the kind to this person (None: everyone).
    """

    key: str
    label: str | Promise
    mandatory: bool = False
    watch: bool = False
    audience: Callable[[Any], bool] | None = field(default=None, compare=False)

    def concerns(self, user: AbstractBaseUser) -> bool:
        return self.audience is None or bool(self.audience(user))


CORE_KINDS = [
    EmailKind(ACCOUNT, _("Your account and its security (sign-in codes, password, e-mail addresses)"), True),
]


def email_kinds() -> dict[str, EmailKind]:
    """Every kind declared by core and the apps, in the order the project lists them."""
    table = {kind.key: kind for kind in CORE_KINDS}
    for declared in providers("email_kinds"):
        for kind in declared:
            if kind.key in table:
                raise ValueError(f"E-mail kind {kind.key!r} is declared twice.")
            table[kind.key] = kind
    return table


def is_optional(kind: str) -> bool:
    """A declared kind that the person may switch off. Unknown or empty kinds count as mandatory."""
    declared = email_kinds().get(kind)
    return declared is not None and not declared.mandatory


def wants_email(user: AbstractBaseUser, kind: str) -> bool:
    """Whether the person receives e-mails of this kind (mandatory kinds always)."""
    if not is_optional(kind):
        return True
    return not EmailOptOut.objects.filter(user=user, kind=kind).exists()


# --- the one-click unsubscribe link -------------------------------------------------------------


def unsubscribe_token(user_pk: int, kind: str) -> str:
    """A token that names the person and the kind, signed with SECRET_KEY: no sign-in needed to use it."""
    return signing.dumps({"u": user_pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[Any, EmailKind] | None:
    """The (active person, optional kind) a token names; None if it is forged, unknown or mandatory."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    kind = email_kinds().get(str(data.get("k", "")))
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if kind is None or kind.mandatory or user is None:
        return None
    return user, kind


def unsubscribe_url(user_pk: int, kind: str) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_pk, kind)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_headers(user_pk: int, kind: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers of an optional e-mail."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_pk, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- the unread count's versions ----------------------------------------------------------------

UNREAD_VERSION_KEY = "notifications:unread:version:{pk}"
UNREAD_COUNT_KEY = "notifications:unread:count:{pk}"
# A kept count is exact while its version is current: the limit is a backstop for a cache that is not
# shared by every process (docs/scale-out.md), and lets the entries of people who left go.
UNREAD_SECONDS = 3600


def _new_unread_versions(pks: frozenset[int]) -> None:
    cache.set_many({UNREAD_VERSION_KEY.format(pk=pk): secrets.token_hex(8) for pk in pks}, timeout=None)
    for pk in pks:
        forget(("unread_notifications", pk))


def unread_changed(pks: Iterable[int], *, using: str | None = None) -> None:
    """These people's notifications changed: their kept unread counts are stale, now and on commit."""
    pks = frozenset(pks)
    if not pks:
        return
    _new_unread_versions(pks)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: _new_unread_versions(pks), using=using)


def _notification_changed(sender: type, instance: Notification, **kwargs: Any) -> None:
    unread_changed([instance.recipient_id], using=kwargs.get("using"))


def connect_signals() -> None:
    """Every save and delete of a notification (the admin, a cascade, a factory) makes a new version."""
    post_save.connect(_notification_changed, sender=Notification, dispatch_uid="tavolo_unread_saved")
    post_delete.connect(_notification_changed, sender=Notification, dispatch_uid="tavolo_unread_deleted")


# --- writes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotifyEmail:
    """The e-mail that goes with a notification: subject (already translated), template, context."""

    subject: str
    template: str
    context: dict[str, object] = field(default_factory=dict)


def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    kind: str,
    text: str,
    url: str = "",
    key: str,
    email: NotifyEmail | None = None,
) -> None:
    """Tell each person in the reserved area and, if `email` is given, by e-mail (their choice permitting).

    Written after the current transaction commits (nothing is said about work that was rolled back);
    `key` names the event: the same key never notifies the same person twice.
    """
    if kind not in email_kinds():
        raise ValueError(f"Unknown e-mail kind {kind!r}: declare it in an app's email_kinds.")
    people = list({user.pk: user for user in recipients if user.is_active}.values())
    if not people:
        return
    text = " ".join(str(text).split())[:300]

    def deliver() -> None:
        from core.mail import email_enqueue

        with transaction.atomic():
            Notification.objects.bulk_create(
                [Notification(recipient=user, kind=kind, text=text, url=url, key=key) for user in people],
                ignore_conflicts=True,
            )
            unread_changed([user.pk for user in people])
            if email is None:
                return
            for user in people:
                email_enqueue(
                    to=user.email,
                    subject=email.subject,
                    template=email.template,
                    context={**email.context, "recipient": user},
                    dedup_key=f"notify:{key}:{user.pk}",
                    kind=kind,
                    recipient=user,
                )

    transaction.on_commit(deliver)


def notifications_mark_all_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the person as read; returns how many were unread."""
    with transaction.atomic():
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        unread_changed([user.pk])
    return count


def notification_open(*, notification: Notification) -> Notification:
    """The person followed the notification's link: it is read."""
    if notification.read_at is None:
        with transaction.atomic():
            Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
                read_at=timezone.now()
            )
            unread_changed([notification.recipient_id])
            notification.read_at = timezone.now()
    return notification


def email_preferences_save(*, user: AbstractBaseUser, switched_off: Iterable[str]) -> set[str]:
    """Store which optional kinds the person does not want by e-mail; mandatory kinds are ignored."""
    kinds = email_kinds()
    wanted_off = {key for key in switched_off if key in kinds and not kinds[key].mandatory}
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user).exclude(kind__in=wanted_off).delete()
        existing = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
        EmailOptOut.objects.bulk_create(
            [EmailOptOut(user=user, kind=key) for key in sorted(wanted_off - existing)], ignore_conflicts=True
        )
    return wanted_off


def email_opt_out(*, user: AbstractBaseUser, kind: EmailKind) -> bool:
    """Switch off one optional kind (the unsubscribe link); False if it was already off."""
    if kind.mandatory:
        raise ValueError("A mandatory kind of e-mail cannot be switched off.")
    with transaction.atomic():
        _row, created = EmailOptOut.objects.get_or_create(user=user, kind=kind.key)
    return created


# --- reads ----------------------------------------------------------------------------------------


def unread_count(user: AbstractBaseUser | AnonymousUser) -> int:
    """The person's unread notifications: from the shared cache while none of theirs changed (see the
    module's docstring), else one COUNT on an index; remembered for the request."""
    if not user.is_authenticated:
        return 0
    return memoised(("unread_notifications", user.pk), lambda: _cached_unread_count(user))


def _cached_unread_count(user: AbstractBaseUser) -> int:
    version_key, count_key = UNREAD_VERSION_KEY.format(pk=user.pk), UNREAD_COUNT_KEY.format(pk=user.pk)
    kept = cache.get_many([version_key, count_key])
    version = kept.get(version_key)
    if version is None:
        cache.add(version_key, secrets.token_hex(8), timeout=None)
        version = cache.get(version_key)
    elif kept.get(count_key) is not None and kept[count_key][0] == version:
        return kept[count_key][1]
    # Counted after the version was read: a write in between makes a new version, and this count,
    # stored under the old one, is never served.
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    cache.set(count_key, (version, count), UNREAD_SECONDS)
    return count


def notifications_page(user: AbstractBaseUser, number: object) -> Page:
    """One page of the person's notifications, newest first."""
    queryset: QuerySet[Notification] = Notification.objects.filter(recipient=user).order_by(
        "-created_at", "-pk"
    )
    return Paginator(queryset, PAGE_SIZE).get_page(number)


@dataclass(frozen=True)
class KindChoice:
    kind: EmailKind
    receives: bool


def email_choices(user: AbstractBaseUser) -> list[KindChoice]:
    """The kinds that concern the person, mandatory first, with whether they receive them by e-mail."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    kinds = [kind for kind in email_kinds().values() if kind.concerns(user)]
    kinds.sort(key=lambda kind: not kind.mandatory)
    return [KindChoice(kind=kind, receives=kind.mandatory or kind.key not in off) for kind in kinds]


def to_watch(user: AbstractBaseUser, limit: int = 10) -> list[Notification]:
    """The person's unread notifications of the kinds the office watches (newest first)."""
    watched = [key for key, kind in email_kinds().items() if kind.watch]
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True, kind__in=watched).order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def panels(request: HttpRequest) -> list[Panel]:
    """The dashboard's "Da guardare": unread comments, answers, proposals and applications for the office."""
    from core.dashboard import Panel

    # The header's unread count (remembered for the request) spares the list's query when it is 0.
    if not unread_count(request.user):
        return []
    items = to_watch(request.user)
    if not items:
        return []
    return [
        Panel(
            title=_("To look at"),
            template="core/_panel_to_watch.html",
            context={"items": items, "unread": unread_count(request.user)},
            order=3,
        )
    ]
