"""Signing in with SPID or CIE: the start, the return from the provider, the link confirmation, the errors,
and the relying party's entity configuration (`/.well-known/openid-federation`).

The demo federation's pages (trust anchor, "SPID (demo)", "CIE (demo)") are members.views.testbed.
"""

from __future__ import annotations

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members import identity as identities
from members.federation import config as federation_config
from members.federation import entity, trust
from members.federation.jose import FederationError
from members.forms import IdentityPasswordForm
from members.services import identity as services
from members.services.errors import MembershipError

_ERROR_STATUS = {
    "cancelled": 200,
    "level": 403,
    "expired": 400,
    "invalid": 400,
    "refused": 403,
    "unavailable": 503,
}


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _require_identities() -> None:
    """The identity pages exist only while TAVOLO_LOGIN_METHODS offers SPID or CIE."""
    if not (identities.providers("spid") or identities.providers("cie")):
        raise Http404


def _error(request: HttpRequest, kind: str, message: str = "") -> HttpResponse:
    return render(
        request,
        "members/identity/error.html",
        {"kind": kind, "message": message, "retry_url": reverse("account_login")},
        status=_ERROR_STATUS[kind],
    )


@never_cache
def start(request: HttpRequest, method: str) -> HttpResponse:
    """The SPID or CIE button: off to the chosen identity provider."""
    if not identities.providers(method):
        raise Http404
    try:
        url = identities.sign_in_start(
            request,
            method=method,
            provider_key=request.GET.get("idp", ""),
            next_url=_safe_next(request, request.GET.get("next", "")),
        )
    except identities.IdentityRefused as refused:
        return _error(request, refused.kind)
    return redirect(url)


# The links the person confirms on link_confirm: by e-mail address, or by the account's password.
_CONFIRMED_LINKS = (services.MatchKind.BY_EMAIL, services.MatchKind.BY_PASSWORD)
MAX_PASSWORD_FAILURES = 5  # wrong passwords on the link page, per session


@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: sign in, link after confirmation, or create the account."""
    _require_identities()
    try:
        identity, next_url, access_token = identities.sign_in_finish(request, request.GET.dict())
        match = services.identity_match(identity=identity)
    except identities.IdentityRefused as refused:
        return _error(request, refused.kind)
    except MembershipError as exc:
        return _error(request, "refused", str(exc))
    if match.kind in _CONFIRMED_LINKS:
        identities.pending_link_keep(request, identity, next_url, access_token)
        return redirect("members:identity_link")
    try:
        if match.kind == services.MatchKind.LINKED:
            user = services.identity_link(user=match.user, identity=identity)
        else:
            user = services.identity_account_create(identity=identity)
    except MembershipError as exc:
        return _error(request, "refused", str(exc))
    identities.sign_in(request, user, identity, access_token=access_token)
    return redirect(_safe_next(request, next_url))


def _password_refusal(
    request: HttpRequest, identity: services.Identity, form: IdentityPasswordForm
) -> HttpResponse | None:
    """None when the form holds the account's password; otherwise the page again, with the field's error.
    Wrong passwords count like the login's (the account's "login_failed_account" limit) and per session."""
    if not request.POST.get("password"):
        form.is_valid()  # "Write the password": an empty field is not a failed attempt
        return _link_page(request, identity, form)
    failures = request.session.get(identities.LINK_FAILURES_SESSION_KEY, 0)
    usage = None
    if failures < MAX_PASSWORD_FAILURES:
        account_key = form.user.email.strip().lower()
        usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_account", key=account_key
        )
    if usage is None:
        form.is_valid()
        form.errors.clear()
        form.add_error(
            "password",
            _(
                "Too many wrong passwords. Try again later, or contact %(office)s to have your fiscal code "
                "checked."
            )
            % {"office": settings.TAVOLO_OFFICE},
        )
        return _link_page(request, identity, form, status=429)
    if form.is_valid():
        usage.rollback()  # only failures count
        request.session.pop(identities.LINK_FAILURES_SESSION_KEY, None)
        return None
    request.session[identities.LINK_FAILURES_SESSION_KEY] = failures + 1
    return _link_page(request, identity, form)


def _link_page(
    request: HttpRequest,
    identity: services.Identity,
    form: IdentityPasswordForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {"identity": identity, "form": form}
    if form is not None:
        context["account_email"] = identities.mask_email(form.user.email)
    return render(request, "members/identity/link_confirm.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def link_confirm(request: HttpRequest) -> HttpResponse:
    """An account has the identity's e-mail address, or declared its fiscal code: the person confirms the
    link (for a declared code and another e-mail address, with the account's password) before signing in."""
    _require_identities()
    pending = identities.pending_link(request)
    if pending is None:
        return _error(request, "expired")
    identity, next_url, access_token = pending
    try:
        match = services.identity_match(identity=identity)
    except MembershipError as exc:
        identities.pending_link_forget(request)
        return _error(request, "refused", str(exc))
    if match.kind not in _CONFIRMED_LINKS:
        identities.pending_link_forget(request)  # things changed since the return from the provider
        return _error(request, "expired")
    form = None
    if match.kind == services.MatchKind.BY_PASSWORD:
        form = IdentityPasswordForm(request.POST if request.method == "POST" else None, user=match.user)
    if request.method == "POST":
        if "cancel" in request.POST:
            identities.pending_link_forget(request)
            return _error(request, "cancelled")
        if form is not None:
            refused = _password_refusal(request, identity, form)
            if refused is not None:
                return refused
        identities.pending_link_forget(request)
        try:
            user = services.identity_link(user=match.user, identity=identity)
        except MembershipError as exc:
            return _error(request, "refused", str(exc))
        identities.sign_in(request, user, identity, access_token=access_token)
        messages.success(request, _("Your digital identity is now linked to your account."))
        return redirect(_safe_next(request, next_url))
    return _link_page(request, identity, form)


@never_cache
def entity_configuration(request: HttpRequest) -> HttpResponse:
    """The relying party's signed entity configuration, read by the SPID and CIE federations."""
    rp = federation_config.current()
    if rp is None:
        raise Http404
    return HttpResponse(entity.entity_configuration(rp), content_type=entity.ENTITY_STATEMENT_CONTENT_TYPE)


_RESOLVABLE_TYPES = ("openid_relying_party", "openid_provider")


@never_cache
def resolve(request: HttpRequest) -> HttpResponse:
    """The resolve endpoint every entity of the federation offers: `sub`'s metadata and trust chain,
    as the portal resolved them up to `anchor` (one of its trust anchors). 404 for anything else."""
    rp = federation_config.current()
    subject, anchor = request.GET.get("sub", "").rstrip("/"), request.GET.get("anchor", "").rstrip("/")
    entity_type = request.GET.get("type", "")
    if rp is None or not subject or anchor not in rp.trust_anchors:
        raise Http404
    if subject != rp.entity_id and not any(p.entity_id == subject for p in rp.providers):
        raise Http404  # it resolves only what it has to trust itself, never any address it is given
    entity_type = entity_type or ("openid_relying_party" if subject == rp.entity_id else "openid_provider")
    if entity_type not in _RESOLVABLE_TYPES:
        raise Http404
    try:
        resolved = trust.resolve(rp, subject, entity_type=entity_type)
    except FederationError:
        raise Http404 from None
    if resolved.trust_anchor != anchor:
        raise Http404
    return HttpResponse(
        entity.resolve_response(rp, resolved, entity_type), content_type=entity.RESOLVE_CONTENT_TYPE
    )
