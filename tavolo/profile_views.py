"""The signed-in person's profile: name and phone, e-mail addresses, notifications, their data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import services
from members.forms import PersonProfileForm
from members.selectors import organisations_acted_for

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone}
    form = PersonProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.person_profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("profile:home")
    return render(
        request,
        "privacy/profile.html",
        {
            "form": form,
            "email_addresses": list(EmailAddress.objects.filter(user=user).order_by("-primary", "email")),
            "acting": organisations_acted_for(user),
        },
        status=400 if request.method == "POST" else 200,
    )
