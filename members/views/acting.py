"""The switcher of a person who acts for several organisations: the choice is remembered in the session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import permissions
from members.selectors import ACTING_SESSION_KEY


@login_required
@require_POST
def act_for(request: HttpRequest) -> HttpResponse:
    acting = permissions.get_acting_for_user(request.user, request.POST.get("organisation", ""))
    request.session[ACTING_SESSION_KEY] = acting.organisation.pk
    messages.success(request, _("You now act for %(name)s.") % {"name": acting.organisation.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "dashboard"
    return redirect(target)
