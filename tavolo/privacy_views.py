"""The signed-in person's privacy page: download their data, delete their account."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.privacy import PrivacyError
from members.account_privacy import account_delete, organisations_needing_handover, personal_data
from tavolo.forms import AccountDeleteForm
from tavolo.privacy_readable import readable_sections

if TYPE_CHECKING:
    from django.http import HttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def privacy_home(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user)
        except PrivacyError as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted and your personal data anonymised."))
            return redirect("home")
    return render(
        request,
        "privacy/privacy_home.html",
        {
            "form": form,
            "handover": organisations_needing_handover(user=request.user),
        },
        status=200 if request.method == "GET" else 400,
    )


@login_required
@require_safe
def privacy_export(request: HttpRequest) -> HttpResponse:
    data = personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"dati-personali-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def privacy_readable(request: HttpRequest) -> HttpResponse:
    """The same data as the JSON export, as a page to read and print."""
    data = personal_data(user=request.user)
    response = render(
        request,
        "privacy/privacy_readable.html",
        {"sections": readable_sections(data), "generated_at": timezone.localtime()},
    )
    response["Cache-Control"] = "no-store"
    return response
