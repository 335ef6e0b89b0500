"""allauth's account adapter: the portal's client address, its lockout scheme and its staff sign-in rules.

Lockout scheme (README, Security): failed sign-ins are counted three ways (ACCOUNT_RATE_LIMITS):
- per client address, on any account ("login_failed" per ip);
- per account *from one address* ("login_failed" per key, the key being account and address), so that
  an attacker typing the Assessore's address five times locks out the attacker's address, not hers;
- per account from every address ("login_failed_account"), against guessing spread over many
  addresses. A password reset clears it (and signs the owner in), and so does a sign-in that passed the
  second factor: an attacker can delay the owner, never lock her out for good.
"""

from __future__ import annotations

import logging
import math
import smtplib
import time
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import email_keep
from core.security import client_ip
from members import roles

if TYPE_CHECKING:
    from allauth.account.models import Login
    from django.http import HttpRequest

_APP = "allauth.account"
_PER_ADDRESS = "login_failed"
_PER_ACCOUNT = "login_failed_account"

logger = logging.getLogger(__name__)


def _seconds_until_free(request: HttpRequest, *, action: str, key: str) -> int:
    """How long until the fullest of the action's limits accepts one more attempt (0 if none is full)."""
    wait = 0.0
    now = time.time()
    for rate in ratelimit.get_rates(app=_APP, action=action):
        cache_key = ratelimit.get_cache_key(request, app=_APP, action=action, rate=rate, key=key)
        history = [at for at in cache.get(cache_key, []) if at > now - rate.duration]
        if len(history) >= rate.amount:
            # The history is newest first: the attempt that leaves the window first frees a place.
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def on_site_url(url: str) -> str:
    """`url` (absolute or a path) on SITE_URL: e-mails never carry the host the request came through."""
    bits = urlsplit(url)
    query = f"?{bits.query}" if bits.query else ""
    fragment = f"#{bits.fragment}" if bits.fragment else ""
    return f"{settings.SITE_URL}{bits.path}{query}{fragment}"


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """The library's e-mails (templates/account/email/) signed by the office, links on SITE_URL."""
        context = {
            **context,
            "TAVOLO_OFFICE": settings.TAVOLO_OFFICE,
            "TAVOLO_MUNICIPALITY": settings.TAVOLO_MUNICIPALITY,
            "SITE_URL": settings.SITE_URL,
        }
        for key, value in list(context.items()):
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = on_site_url(value)
        message = self.render_mail(template_prefix, email, context)
        try:
            message.send()
        except (OSError, smtplib.SMTPException):
            # The mail server is down or refuses: the person's request still succeeds (a staff member
            # signing in waits for the code instead of meeting an error page) and the outbox sends the
            # message again with its retries (core.mail).
            logger.warning(
                "account e-mail %s to %s refused by the mail server: kept in the outbox",
                template_prefix,
                email,
            )
            email_keep(message, dedup_key=f"account:{template_prefix}:{uuid.uuid4()}")

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def _account_key(self, request: HttpRequest, **credentials: Any) -> str:
        # The address typed, not allauth's site-prefixed key: another allowed Host header must not
        # give an attacker a fresh count.
        return credentials.get("email", credentials.get("username", "")).strip().lower()

    def _address_key(self, request: HttpRequest, **credentials: Any) -> str:
        return f"{self._account_key(request, **credentials)}|{client_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if "password" not in settings.TAVOLO_LOGIN_METHODS:
            # TAVOLO_LOGIN_METHODS offers only digital identities: a password never opens a session.
            raise ValidationError(_("Sign-in with e-mail and password is not offered: use SPID or CIE."))
        address_key = self._address_key(request, **credentials)
        account_key = self._account_key(request, **credentials)
        here = ratelimit.consume(request, app=_APP, action=_PER_ADDRESS, key=address_key)
        if not here:
            self._refuse(request, _seconds_until_free(request, action=_PER_ADDRESS, key=address_key))
        everywhere = ratelimit.consume(request, app=_APP, action=_PER_ACCOUNT, key=account_key)
        if not everywhere:
            here.rollback()
            self._refuse(request, _seconds_until_free(request, action=_PER_ACCOUNT, key=account_key))
        # allauth rolls this back when the password was right: only failures count.
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=here.usage + everywhere.usage)

    def _refuse(self, request: HttpRequest, seconds: int) -> None:
        minutes = max(1, math.ceil(seconds / 60))
        raise ValidationError(
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "Too many failed sign-in attempts. Try again in %(minutes)d minute, or reset your "
                    "password:",
                    "Too many failed sign-in attempts. Try again in %(minutes)d minutes, or reset your "
                    "password:",
                    minutes,
                )
                % {"minutes": minutes},
                reverse("account_reset_password"),
                _("reset the password"),
            ),
            code="too_many_login_attempts",
        )

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """After a password reset: the account's count from every address, and from this address."""
        ratelimit.clear(request, app=_APP, action=_PER_ACCOUNT, key=self._account_key(request, **credentials))
        ratelimit.clear(request, app=_APP, action=_PER_ADDRESS, key=self._address_key(request, **credentials))

    def post_login(self, request: HttpRequest, user, **kwargs: Any):
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.account.models import EmailAddress

        if any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
            # The owner proved the second factor: earlier failures on the account no longer count.
            for address in EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True):
                key = self._account_key(request, email=address)
                ratelimit.clear(request, app=_APP, action=_PER_ACCOUNT, key=key)
        return super().post_login(request, user, **kwargs)

    def is_login_by_code_required(self, login: Login) -> bool:
        """A staff account without an authenticator confirms its sign-in with a code sent by e-mail.

        It is about to enrol one (members.security sends it there): the code proves the e-mail address,
        so a stolen password alone cannot enrol an attacker's authenticator. A password reset link has
        already proved the address.
        """
        from allauth.account.internal.flows.login import get_authentication_records

        if login.user is not None and roles.needs_mfa_enrolment(login.user):
            records = get_authentication_records(self.request, login.user)
            methods = {record.get("method") for record in records}
            return not methods & {"code", "password_reset"}
        return super().is_login_by_code_required(login)
