"""Every state-changing form is applied once, however many times it is sent.

Each POST form carries a one-time token (`{% submit_once %}`, next to `{% csrf_token %}`). The
middleware claims the token before the view runs; a second POST with the same token (a double
click, a reload, a second tab) does not reach the view: it is redirected where the first one led,
with the message "This has already been done". A submission that did not succeed (a form shown
again with its errors, a refusal, an error) releases its token, so that nothing is lost.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.models import FormSubmission

FIELD_NAME = "submit_once"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# How long a duplicate waits for the first submission, still running, to say where it led.
_WAIT_SECONDS = 5.0
_KEEP = timedelta(days=2)


def new_token() -> str:
    """A fresh one-time token for one rendered form."""
    return secrets.token_urlsafe(24)


def _safe_referer(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


class SubmitOnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "_submit_once_claimed", None)
        if token:
            if 300 <= response.status_code < 400 and response.has_header("Location"):
                FormSubmission.objects.filter(token=token).update(location=response["Location"][:2000])
            else:
                FormSubmission.objects.filter(token=token).delete()
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        # After CsrfViewMiddleware.process_view: a forged request never claims a token.
        if request.method != "POST":
            return None
        token = request.POST.get(FIELD_NAME, "")
        if not _TOKEN_RE.match(token):
            return None
        if not self._claim(token):
            return self._duplicate(request, token)
        request._submit_once_claimed = token
        if secrets.randbelow(100) == 0:
            FormSubmission.objects.filter(created_at__lt=timezone.now() - _KEEP).delete()
        return None

    def _claim(self, token: str) -> bool:
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token)
        except IntegrityError:
            return False
        return True

    def _duplicate(self, request: HttpRequest, token: str) -> HttpResponse | None:
        deadline = time.monotonic() + _WAIT_SECONDS
        location = ""
        while True:
            row = FormSubmission.objects.filter(token=token).values_list("location", flat=True).first()
            if row is None and self._claim(token):
                # The first submission failed and released the token: this one may try again.
                request._submit_once_claimed = token
                return None
            location = row or ""
            if location or time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        messages.info(request, _("This has already been done."))
        return HttpResponseRedirect(location or _safe_referer(request))
