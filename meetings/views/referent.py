"""The routings of a municipal service: its referents read the topic and write the contribution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import permissions, selectors, services
from meetings.errors import MeetingError
from meetings.forms import RoutingAnswerForm

ROUTINGS_PER_PAGE = 20


@login_required
def routing_list(request: HttpRequest) -> HttpResponse:
    permissions.require_routings_reader(request.user)
    page = Paginator(selectors.routings_for_referent(request.user), ROUTINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/routing_list.html",
        {
            "routings": page.object_list,
            "page_obj": page,
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )


@login_required
def routing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    routing = permissions.get_routing_for_user(request.user, pk)
    # Outside the office only the service's referents get the routing (get_routing_for_user): they answer.
    can_answer = not permissions.can_manage(request.user) or permissions.can_answer_routing(
        request.user, routing
    )
    form = RoutingAnswerForm(
        request.POST or None, initial={"status": routing.status, "contribution": routing.contribution}
    )
    if request.method == "POST":
        if not can_answer:
            messages.error(request, _("Only the service's referents can answer."))
            return redirect("meetings:routing", pk=routing.pk)
        if form.is_valid():
            try:
                services.routing_update(routing=routing, by=request.user, **form.cleaned_data)
            except MeetingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The contribution has been saved."))
                return redirect("meetings:routing", pk=routing.pk)
    item = routing.agenda_item
    return render(
        request,
        "meetings/routing_detail.html",
        {
            "routing": routing,
            "item": item,
            "themes": list(item.themes.all()),
            "form": form if can_answer else None,
            "may_change_due": permissions.can_manage(request.user)
            and not routing.is_answered
            and "edit_agenda" in item.meeting.allowed_actions(manager=True),
            "breadcrumb_trail": [
                (reverse("dashboard"), _("Reserved area")),
                (reverse("meetings:routings"), _("Topics for your service")),
            ],
        },
    )
