"""Staff pages after the convocation: attendance, the attendance sheet, minutes; the proposals queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.confirm import confirmation
from core.fragments import cached_choices, cached_fragment, query_key
from core.italian import articled, format_date
from core.pdf import render_pdf_template
from meetings import permissions, selectors, services
from meetings.errors import MeetingError
from meetings.filters import ProposalQueueFilter
from meetings.forms import AttachmentForm, AttendanceForm, MinutesForm, OpenCommentsForm, ProposalDecisionForm
from meetings.models import AgendaItem, Minutes
from meetings.views.manage import _run, _trail

PROPOSALS_PER_PAGE = 25


def _meeting_trail(meeting) -> list[tuple[str, str]]:
    return _trail((reverse("meetings:manage", args=[meeting.pk]), meeting.title))


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    rows = selectors.attendance_sheet(meeting)
    service_rows = selectors.routed_services_attendance(meeting)
    form = AttendanceForm(
        request.POST or None,
        organisations=[r["organisation"] for r in rows],
        services=[r["service"] for r in service_rows],
        initial={
            "organisations": [r["organisation"].pk for r in rows if r["present"]],
            "services": [r["service"].pk for r in service_rows if r["present"]],
            **{f"attended_by_{r['organisation'].pk}": r["attended_by"] for r in rows},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                by=request.user,
                present_organisation_ids=form.cleaned_data["organisations"],
                present_service_ids=form.cleaned_data["services"],
                attended_by=form.attended_by(),
            )
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("meetings:manage", pk=pk)
    ticked = {str(pk) for pk in form["organisations"].value() or ()}
    return render(
        request,
        "meetings/manage/attendance.html",
        {
            "meeting": meeting,
            "rows": [
                {
                    **row,
                    "checked": str(row["organisation"].pk) in ticked,
                    "attended_by_field": form[f"attended_by_{row['organisation'].pk}"],
                }
                for row in rows
            ],
            "service_rows": service_rows,
            "form": form,
            "breadcrumb_trail": _meeting_trail(meeting),
        },
    )


@login_required
def attendance_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    pdf = render_pdf_template(
        "meetings/pdf/attendance_sheet.html",
        {
            "meeting": meeting,
            "rows": selectors.attendance_sheet(meeting),
            "services": selectors.routed_services_attendance(meeting),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="foglio-presenze-{meeting.pk}.pdf"'
    return response


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    minutes = (
        Minutes.objects.filter(meeting=meeting)
        .select_related("meeting")
        .prefetch_related("attachments", "comments__organisation")
        .first()
    )
    items = list(AgendaItem.objects.filter(meeting=meeting).prefetch_related("routings__service"))
    form = MinutesForm(
        request.POST or None, items=items, initial={"general_notes": minutes.general_notes if minutes else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                by=request.user,
                general_notes=form.cleaned_data["general_notes"],
                outcomes=form.outcomes(),
            )
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("meetings:minutes", pk=pk)
    return _minutes_page(request, meeting, minutes=minutes, items=items, form=form)


def _minutes_page(
    request: HttpRequest, meeting, *, minutes, items, form, attachment_form=None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "meetings/manage/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            # Not written yet: the first save creates the draft (the service checks the meeting was held).
            "actions": minutes.allowed_actions(manager=True) if minutes else frozenset({"edit"}),
            "items": items,
            "form": form,
            "attachment_form": attachment_form or AttachmentForm(),
            "open_form": OpenCommentsForm(),
            "breadcrumb_trail": _meeting_trail(meeting),
        },
        status=status,
    )


def _minutes_or_error(request: HttpRequest, meeting) -> Minutes | None:
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        messages.error(request, _("Write the minutes first."))
    return minutes


@login_required
@require_POST
def minutes_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    minutes = _minutes_or_error(request, meeting)
    form = OpenCommentsForm(request.POST)
    if minutes is not None:
        if form.is_valid():
            _run(
                request,
                services.minutes_open_for_comments,
                _("The draft minutes have been sent to the members for comments."),
                minutes=minutes,
                comments_until=form.cleaned_data["comments_until"],
            )
        else:
            messages.error(request, " ".join(form.errors.get("comments_until", [_("Enter a valid date.")])))
    return redirect("meetings:minutes", pk=pk)


@login_required
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    minutes = _minutes_or_error(request, meeting)
    back = reverse("meetings:minutes", args=[pk])
    if minutes is None or "approve" not in minutes.allowed_actions(manager=True):
        if minutes is not None:
            messages.error(request, _("These minutes cannot be approved now."))
        return redirect(back)
    if request.method == "POST":
        _run(request, services.minutes_approve, _("The minutes are approved and published."), minutes=minutes)
        return redirect(back)
    return confirmation(
        request,
        title=_("Approve the minutes"),
        subject=meeting.title,
        happens=[
            _("The minutes are published on the meeting page and can no longer be changed."),
            _("Members can no longer comment on them."),
            _("The decisions recorded become public on the decisions page."),
        ],
        told=[
            _("The member organisations read them on the meeting page (everyone, if the meeting is public).")
        ],
        button=_("Approve the minutes"),
        back_url=back,
        breadcrumb_trail=_trail((reverse("meetings:manage", args=[pk]), meeting.title), (back, _("Minutes"))),
    )


@login_required
def minutes_close_comments(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    minutes = _minutes_or_error(request, meeting)
    back = reverse("meetings:minutes", args=[pk])
    if minutes is None or "close_comments" not in minutes.allowed_actions(manager=True):
        if minutes is not None:
            messages.error(request, _("Comments on these minutes are not open."))
        return redirect(back)
    if request.method == "POST":
        _run(
            request,
            services.minutes_close_comments,
            _("Comments are closed: the minutes can be approved."),
            minutes=minutes,
        )
        return redirect(back)
    return confirmation(
        request,
        title=_("Close the comments early"),
        subject=meeting.title,
        happens=[
            _("Members can no longer send comments, although they were told they could until %(date)s.")
            % {
                "date": articled(format_date(minutes.comments_until, "j F Y"), "a")
                if minutes.comments_until
                else "–"
            },
            _("The minutes can then be approved."),
        ],
        told=[_("The invited organisations see on the meeting page that comments were closed early.")],
        button=_("Close the comments"),
        danger=True,
        back_url=back,
        breadcrumb_trail=_trail((reverse("meetings:manage", args=[pk]), meeting.title), (back, _("Minutes"))),
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    minutes = _minutes_or_error(request, meeting)
    form = AttachmentForm(request.POST, request.FILES)
    if minutes is None:
        return redirect("meetings:minutes", pk=pk)
    if form.is_valid():
        try:
            services.attachment_add(minutes=minutes, by=request.user, upload=form.cleaned_data["file"])
        except MeetingError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Document attached to the minutes."))
            return redirect("meetings:minutes", pk=pk)
    # The refusal is shown next to the file field, on the minutes page.
    items = list(AgendaItem.objects.filter(meeting=meeting).prefetch_related("routings__service"))
    minutes_form = MinutesForm(items=items, initial={"general_notes": minutes.general_notes})
    return _minutes_page(
        request, meeting, minutes=minutes, items=items, form=minutes_form, attachment_form=form, status=400
    )


@login_required
def proposals_queue(request: HttpRequest) -> HttpResponse:
    permissions.require_manager(request.user)
    base = selectors.proposals_queue_rows(selectors.proposals_to_decide())
    filterset = ProposalQueueFilter(request.GET or None, queryset=base)
    cached_choices("proposal-queue-filters", filterset.form)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    query = request.GET.copy()
    query.pop("page", None)
    number = request.GET.get("page")

    def table() -> str:
        # Rows of the portal's data only, the same for every member of the office: kept per query string.
        page = Paginator(queryset, PROPOSALS_PER_PAGE).get_page(number)
        context = {
            "page_obj": page,
            "proposals": page.object_list,
            "querystring": query.urlencode(),
            "filtered": bool(query),
        }
        return render_to_string("meetings/manage/_proposals_table.html", context)

    return render(
        request,
        "meetings/manage/proposals.html",
        {
            "filterset": filterset,
            "table": cached_fragment(query_key("staff-proposals", request.GET), table),
            "filtered": bool(query),
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )


@login_required
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_manager(request.user, pk)
    meetings = selectors.open_agendas()
    items = (
        AgendaItem.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("meeting__starts_at", "position")
    )
    form = ProposalDecisionForm(request.POST or None, meetings=meetings, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reason = data["reason"]
        try:
            if data["decision"] == form.ACCEPT:
                services.proposal_accept(
                    proposal=proposal, meeting=data["meeting"], by=request.user, reason=reason
                )
            elif data["decision"] == form.MERGE:
                services.proposal_merge(proposal=proposal, item=data["item"], by=request.user, reason=reason)
            elif data["decision"] == form.DEFER:
                services.proposal_defer(proposal=proposal, by=request.user, reason=reason)
            else:
                services.proposal_decline(proposal=proposal, by=request.user, reason=reason)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Decision recorded: the proposer has been informed by e-mail."))
            return redirect("meetings:proposals")
    return render(
        request,
        "meetings/manage/proposal_decide.html",
        {
            "proposal": proposal,
            "actions": proposal.allowed_actions(manager=True),
            "themes": list(proposal.themes.all()),
            "form": form,
            "breadcrumb_trail": [
                (reverse("dashboard"), _("Reserved area")),
                (reverse("meetings:proposals"), _("Topic proposals")),
            ],
        },
    )
