"""Signing in with SPID or CIE: the start, the return from the provider, the link confirmation, the errors.

Also the pages of the demo identity provider ("SPID (demo)"), which exist only while
`TAVOLO_LOGIN_METHODS` includes `demo` (404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members import identity as identities
from members.services import identity as services
from members.services.errors import MembershipError

_ERROR_STATUS = {"cancelled": 200, "level": 403, "expired": 400, "invalid": 400, "refused": 403}


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
            provider_key=request.GET.get("idp", "demo"),
            next_url=_safe_next(request, request.GET.get("next", "")),
        )
    except identities.IdentityRefused as refused:
        return _error(request, refused.kind)
    return redirect(url)


@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: sign in, link after confirmation, or create the account."""
    _require_identities()
    try:
        identity, next_url = identities.sign_in_finish(request, request.GET.dict())
        match = services.identity_match(identity=identity)
    except identities.IdentityRefused as refused:
        return _error(request, refused.kind)
    except MembershipError as exc:
        return _error(request, "refused", str(exc))
    if match.kind == services.MatchKind.BY_EMAIL:
        identities.pending_link_keep(request, identity, next_url)
        return redirect("members:identity_link")
    try:
        if match.kind == services.MatchKind.LINKED:
            user = services.identity_link(user=match.user, identity=identity)
        else:
            user = services.identity_account_create(identity=identity)
    except MembershipError as exc:
        return _error(request, "refused", str(exc))
    identities.sign_in(request, user, identity)
    return redirect(_safe_next(request, next_url))


@never_cache
@require_http_methods(["GET", "POST"])
def link_confirm(request: HttpRequest) -> HttpResponse:
    """An account has the identity's e-mail address: the person confirms the link before signing in."""
    _require_identities()
    pending = identities.pending_link(request)
    if pending is None:
        return _error(request, "expired")
    identity, next_url = pending
    try:
        match = services.identity_match(identity=identity)
    except MembershipError as exc:
        identities.pending_link_forget(request)
        return _error(request, "refused", str(exc))
    if request.method == "POST":
        identities.pending_link_forget(request)
        if "cancel" in request.POST:
            return _error(request, "cancelled")
        try:
            user = services.identity_link(user=match.user, identity=identity)
        except MembershipError as exc:
            return _error(request, "refused", str(exc))
        identities.sign_in(request, user, identity)
        messages.success(request, _("Your digital identity is now linked to your account."))
        return redirect(_safe_next(request, next_url))
    return render(request, "members/identity/link_confirm.html", {"identity": identity})


# --- The demo identity provider ---------------------------------------------------------------------

_DEMO_SALT = "members.identity.demo.request"


def _demo_provider(method: str) -> identities.DemoProvider:
    chosen = identities.provider(method, "demo")
    if chosen is None:
        raise Http404
    return chosen


@never_cache
@require_http_methods(["GET", "POST"])
def demo_login(request: HttpRequest) -> HttpResponse:
    """The demo provider's sign-in page: choose a test identity (and, for SPID, the level)."""
    method = request.GET.get("method", "")
    provider = _demo_provider(method)
    sign_in = {"method": method, "state": request.GET.get("state", ""), "nonce": request.GET.get("nonce", "")}
    error = ""
    remembered = provider.person(request.get_signed_cookie(identities.DEMO_SSO_COOKIE, "", salt=_DEMO_SALT))
    if request.method == "GET" and remembered is not None:
        # Signed in at the provider already (single sign-on): straight to the consent.
        return _to_consent(sign_in, remembered, level=2 if method == "spid" else 3)
    if request.method == "POST":
        person = provider.person(request.POST.get("person", ""))
        level = request.POST.get("level", "2") if method == "spid" else "3"
        if "cancel" in request.POST:
            return redirect(_back(sign_in, error="access_denied"))
        if person is None or level not in ("1", "2", "3"):
            error = _("Choose a test identity.")
        else:
            response = _to_consent(sign_in, person, level=int(level))
            response.set_signed_cookie(
                identities.DEMO_SSO_COOKIE,
                person.key,
                salt=_DEMO_SALT,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(
        request,
        "members/identity/demo_login.html",
        {
            "provider_name": provider.name(method),
            "people": identities.DEMO_PEOPLE,
            "method": method,
            "error": error,
        },
    )


def _to_consent(sign_in: dict[str, object], person: identities.DemoPerson, *, level: int) -> HttpResponse:
    token = signing.dumps({**sign_in, "person": person.key, "level": level}, salt=_DEMO_SALT)
    return redirect(f"{reverse('members:identity_demo_consent')}?{urlencode({'t': token})}")


def _back(sign_in: dict[str, object], **params: object) -> str:
    return f"{reverse('members:identity_callback')}?{urlencode({**params, 'state': sign_in['state']})}"


@never_cache
@require_http_methods(["GET", "POST"])
def demo_consent(request: HttpRequest) -> HttpResponse:
    """The demo provider's consent page: the data the portal receives; consent or cancel."""
    try:
        data = signing.loads(request.GET.get("t", ""), salt=_DEMO_SALT, max_age=600)
    except signing.BadSignature:
        raise Http404 from None
    provider = _demo_provider(data.get("method", ""))
    person = provider.person(data.get("person", ""))
    if person is None:
        raise Http404
    if request.method == "POST":
        if "cancel" in request.POST:
            return redirect(_back(data, error="access_denied"))
        code = provider.code(person=person, method=data["method"], nonce=data["nonce"], level=data["level"])
        return redirect(_back(data, code=code))
    return render(
        request,
        "members/identity/demo_consent.html",
        {"provider_name": provider.name(data["method"]), "person": person, "level": data["level"]},
    )


@never_cache
def demo_logout(request: HttpRequest) -> HttpResponse:
    """The demo provider's sign-out (its end-session endpoint): forget the person, back to the portal."""
    _demo_provider("spid")
    response = redirect(_safe_next(request, request.GET.get("next", "")))
    response.delete_cookie(identities.DEMO_SSO_COOKIE, samesite="Lax")
    return response
