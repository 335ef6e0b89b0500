"""What representatives do: answer the convocation, propose topics, comment the draft minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions, selectors, services
from meetings.errors import MeetingError
from meetings.forms import CommentForm, ProposalForm, ReplyForm

PROPOSALS_PER_PAGE = 20


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    organisation = permissions.acting_organisation(request)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_reply(
                meeting=meeting,
                organisation=organisation,
                by=request.user,
                status=form.cleaned_data["status"],
                attendee_names=form.cleaned_data["attendee_names"],
            )
        except MeetingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
    else:
        messages.error(request, _("Choose whether your organisation will attend."))
    return redirect(meeting)


@login_required
@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    minutes = selectors.minutes_of(meeting)
    organisation = permissions.acting_organisation(request)
    if not permissions.minutes_visible(request.user, meeting, minutes):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_comment_add(
                minutes=minutes, organisation=organisation, by=request.user, text=form.cleaned_data["text"]
            )
        except MeetingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your comment has been sent to the welfare office."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect(f"{meeting.get_absolute_url()}#verbale")


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    organisation = permissions.acting_organisation(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(organisation=organisation, by=request.user, **form.cleaned_data)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you: the welfare office will consider your proposal."))
            return redirect("meetings:my_proposals")
    return render(
        request,
        "meetings/proposal_form.html",
        {
            "form": form,
            "organisation": organisation,
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    organisation = permissions.acting_organisation(request)
    page = Paginator(selectors.proposals_of(organisation), PROPOSALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/my_proposals.html",
        {
            "organisation": organisation,
            "proposals": page.object_list,
            "page_obj": page,
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )
