"""The demo federation's pages (members.federation.testbed): 404 unless `TAVOLO_LOGIN_METHODS` offers demo.

The trust anchor's entity configuration, fetch and list endpoints; for each demo provider ("spid", "cie")
its entity configuration, its sign-in page (the authorization endpoint), its consent page, and its
token, user info and revocation endpoints.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from members.federation import testbed
from members.federation.entity import ENTITY_STATEMENT_CONTENT_TYPE
from members.federation.jose import FederationError


def _require(method: str | None = None) -> None:
    if not testbed.enabled() or (method is not None and method not in testbed.METHODS):
        raise Http404


def _statement(token: str | None) -> HttpResponse:
    if token is None:
        raise Http404
    return HttpResponse(token, content_type=ENTITY_STATEMENT_CONTENT_TYPE)


@never_cache
def anchor_configuration(request: HttpRequest) -> HttpResponse:
    _require()
    return _statement(testbed.configuration("ta"))


@never_cache
def anchor_fetch(request: HttpRequest) -> HttpResponse:
    _require()
    return _statement(testbed.subordinate_statement(request.GET.get("sub", "")))


@never_cache
def anchor_list(request: HttpRequest) -> HttpResponse:
    _require()
    return JsonResponse(list(testbed.subordinates()), safe=False)


@never_cache
def provider_configuration(request: HttpRequest, method: str) -> HttpResponse:
    _require(method)
    return _statement(testbed.configuration(method))


def _bad_request(request: HttpRequest, method: str) -> HttpResponse:
    return render(
        request,
        "members/identity/demo_error.html",
        {"provider_name": testbed.NAMES[method]},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def provider_login(request: HttpRequest, method: str) -> HttpResponse:
    """The provider's sign-in page: the request object checked, then a test identity (and SPID level)."""
    _require(method)
    try:
        sign_in = testbed.authorization_request(method, request.GET.dict())
    except FederationError:
        return _bad_request(request, method)
    error = ""
    if request.method == "POST":
        if "cancel" in request.POST:
            return redirect(testbed.redirect_back(sign_in, error="access_denied"))
        person = testbed.person(request.POST.get("person", ""))
        level = request.POST.get("level", "2") if method == "spid" else "3"
        if person is None or level not in ("1", "2", "3"):
            error = _("Choose a test identity.")
        else:
            token = testbed.sign_request({**sign_in, "person": person.key, "level": int(level)})
            url = reverse("members:identity_demo_consent", args=[method])
            return redirect(f"{url}?{urlencode({'t': token})}")
    return render(
        request,
        "members/identity/demo_login.html",
        {"provider_name": testbed.NAMES[method], "people": testbed.PEOPLE, "method": method, "error": error},
        status=200 if not error else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def provider_consent(request: HttpRequest, method: str) -> HttpResponse:
    """The provider's consent page: the data the portal receives; consent (back with a code) or cancel."""
    _require(method)
    data = testbed.load_request(request.GET.get("t", ""))
    person = testbed.person(data.get("person", "")) if data else None
    if data is None or person is None or data.get("method") != method:
        return _bad_request(request, method)
    if request.method == "POST":
        if "cancel" in request.POST:
            return redirect(testbed.redirect_back(data, error="access_denied"))
        code = testbed.authorization_code(data, person, data["level"])
        return redirect(testbed.redirect_back(data, code=code))
    return render(
        request,
        "members/identity/demo_consent.html",
        {"provider_name": testbed.NAMES[method], "person": person, "level": data["level"]},
    )


@csrf_exempt  # called by the relying party's server with its signed client assertion, not by a browser
@require_POST
def provider_token(request: HttpRequest, method: str) -> HttpResponse:
    _require(method)
    try:
        return JsonResponse(testbed.token(method, request.POST.dict()), headers={"Cache-Control": "no-store"})
    except testbed.TokenError as exc:
        return JsonResponse({"error": exc.error}, status=exc.status)


@never_cache
def provider_userinfo(request: HttpRequest, method: str) -> HttpResponse:
    _require(method)
    answer = testbed.userinfo(method, request.headers.get("Authorization", ""))
    if answer is None:
        return HttpResponse(
            json.dumps({"error": "invalid_token"}), status=401, content_type="application/json"
        )
    return HttpResponse(answer, content_type="application/jose")


@csrf_exempt  # as the token endpoint
@require_POST
def provider_revocation(request: HttpRequest, method: str) -> HttpResponse:
    _require(method)
    try:
        testbed.revoke(method, request.POST.dict())
    except testbed.TokenError as exc:
        return JsonResponse({"error": exc.error}, status=exc.status)
    return HttpResponse(status=200)
