"""Staff pages: create and edit meetings, build the agenda, route topics, convene, change, cancel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.confirm import confirmation
from core.fragments import cached_fragment, cached_value
from core.italian import articled, format_date
from core.templatetags.tavolo_ui import select_options
from meetings import permissions, selectors, services
from meetings.errors import MeetingError
from meetings.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingForm,
    RouteForm,
    RoutingDueDateForm,
    ServiceOverrideForm,
)

UPCOMING_PER_PAGE = 10


def _trail(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (reverse("dashboard"), _("Reserved area")),
        (reverse("meetings:manage_list"), _("Manage meetings")),
        *extra,
    ]


class _CountedPaginator(Paginator):
    """A paginator told how many rows there are (counted once with the page's other figures)."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property: never asked to the database


def _kept_page(name: str, queryset, per_page: int, *, count: int, number: str | None) -> Page:
    """One page of a list the same for every member of staff, its rows kept like its count (the page
    number is checked against the count first: one entry per existing page at most)."""
    page = _CountedPaginator(queryset, per_page, count=count).get_page(number)
    page.object_list = cached_value(f"{name}-{page.number}", lambda: list(page.object_list))
    return page


def _list_figures() -> dict:
    upcoming, past = selectors.meetings_for_management_counts()
    return {
        "upcoming": upcoming,
        "past": past,
        "late": selectors.late_routing_rows(limit=20),
        "proposals": selectors.proposals_to_decide().count(),
    }


def _page_query(name: str, page) -> str:
    return urlencode({name: page.number}) if page.number > 1 else ""


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    permissions.require_manager(request.user)
    # The counts, the late routings and the pages of meetings are the same for every member of staff:
    # kept until the next write (core.fragments); the time limit covers what the clock changes (a
    # meeting that ends).
    figures = cached_value("meetings-manage-list", _list_figures)
    upcoming, past = selectors.meetings_for_management()
    upcoming_page = _kept_page(
        "meetings-manage-upcoming",
        upcoming,
        UPCOMING_PER_PAGE,
        count=figures["upcoming"],
        number=request.GET.get("page"),
    )
    past_page = _kept_page(
        "meetings-manage-past", past, 10, count=figures["past"], number=request.GET.get("pagina")
    )
    return render(
        request,
        "meetings/manage/list.html",
        {
            "page_obj": upcoming_page,
            "page": past_page,
            # Each list's page links keep the other list's page.
            "querystring": _page_query("pagina", past_page),
            "upcoming_querystring": _page_query("page", upcoming_page),
            "late": figures["late"],
            "proposals_count": figures["proposals"],
            "breadcrumb_trail": [(reverse("dashboard"), _("Reserved area"))],
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    permissions.require_manager(request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Meeting created as a draft: now prepare its agenda."))
            return redirect("meetings:manage", pk=meeting.pk)
    return render(request, "meetings/manage/meeting_form.html", {"form": form, "breadcrumb_trail": _trail()})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        # The form worked on the instance: pass the values, let the service compare with the database.
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:manage", pk=meeting.pk)
    return render(
        request,
        "meetings/manage/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "breadcrumb_trail": _trail((reverse("meetings:manage", args=[pk]), meeting.title)),
        },
    )


@login_required
def meeting_manage(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_manager(request.user)
    # The same for every member of staff: kept until the next write (core.fragments); no request in it.
    meeting = cached_value(f"meetings-manage-{pk}", lambda: selectors.meeting_for_management(pk))
    if meeting is None:
        raise Http404
    items = list(meeting.agenda_items.all())
    actions = meeting.allowed_actions(manager=True)
    context = {
        "meeting": meeting,
        "items": items,
        "late": [r for item in items for r in item.routings.all() if r.is_late],
        "history": list(meeting.status_changes.all()),
        "actions": actions,
        "breadcrumb_trail": _trail(),
    }
    if "see_replies" in actions:
        context["summary"] = cached_value(
            f"meetings-attendance-summary-{meeting.pk}", lambda: selectors.attendance_summary(meeting)
        )
    if "edit_agenda" in actions:
        # What is the same for every member of staff is kept rendered until the data changes
        # (core.fragments): the services' <option>s (written once, under every item), the empty
        # agenda-item form (its themes) and the proposals waiting for an agenda. No token in them.
        context["override_form"] = ServiceOverrideForm()
        context["service_options"] = cached_fragment(
            "meetings-service-options", lambda: select_options(context["override_form"]["service"])
        )
        context["item_form"] = cached_fragment(
            "meetings-agenda-item-form",
            lambda: render_to_string(
                "meetings/manage/_item_form_empty.html", {"item_form": AgendaItemForm()}
            ),
        )
        context["proposals"] = cached_fragment(
            "meetings-proposals-to-place",
            lambda: render_to_string(
                "meetings/manage/_proposals_to_place.html",
                {"proposals": list(selectors.proposals_brief(selectors.proposals_to_decide())[:20])},
            ),
        )
    return render(request, "meetings/manage/meeting.html", context)


def _run(request: HttpRequest, action, success: str, **kwargs) -> bool:
    try:
        action(by=request.user, **kwargs)
    except MeetingError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    if meeting.short_notice() and not request.POST.get("confirmed"):
        # Less notice than Art. 5 requires: the clerk confirms on purpose.
        back = reverse("meetings:manage", args=[pk])
        return confirmation(
            request,
            title=_("Convene the meeting"),
            subject=f"{meeting.title} – {format_date(timezone.localtime(meeting.starts_at), 'j F Y, H:i')}",
            warnings=[
                _(
                    "The rules (Art. 5) require the convocation at least seven days before the meeting: "
                    "this meeting starts sooner. Convene it only if it cannot wait."
                )
            ],
            happens=[_("The meeting and its agenda become visible to the members.")],
            told=[_("The representatives of every member organisation receive the convocation by e-mail.")],
            form=_ConfirmedForm(),
            button=_("Convene anyway"),
            danger=True,
            back_url=back,
            breadcrumb_trail=_trail((back, meeting.title)),
        )
    _run(
        request,
        services.meeting_convene,
        _("Meeting convened: the convocation is being sent to the members."),
        meeting=meeting,
    )
    return redirect("meetings:manage", pk=pk)


class _ConfirmedForm(forms.Form):
    confirmed = forms.CharField(widget=forms.HiddenInput(), initial="1")


@login_required
@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    _run(request, services.meeting_mark_held, _("The meeting is marked as held."), meeting=meeting)
    return redirect("meetings:manage", pk=pk)


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    back = reverse("meetings:manage", args=[pk])
    if "cancel" not in meeting.allowed_actions(manager=True):
        messages.error(request, _("Only a draft or convened meeting can be cancelled."))
        return redirect(back)
    deletes = meeting.cancel_deletes
    form = CancelForm(request.POST or None)
    if deletes:
        form.fields["reason"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            result = services.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MeetingError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        if result is None:
            messages.success(
                request, _("The draft has been deleted: it was never convened, so nobody was told.")
            )
            return redirect("meetings:manage_list")
        messages.success(request, _("The meeting is cancelled."))
        return redirect(back)
    return confirmation(
        request,
        title=_("Delete the draft meeting") if deletes else _("Cancel the meeting"),
        subject=f"{meeting.title} – {format_date(timezone.localtime(meeting.starts_at), 'j F Y, H:i')}",
        happens=_cancel_consequences(meeting, deletes=deletes),
        told=[] if deletes else _cancel_told(meeting),
        form=None if deletes else form,
        button=_("Delete the draft") if deletes else _("Cancel the meeting"),
        danger=True,
        back_url=back,
        breadcrumb_trail=_trail((back, meeting.title)),
        status=400 if request.method == "POST" else 200,
    )


def _cancel_consequences(meeting, *, deletes: bool) -> list[str]:
    if deletes:
        return [
            _("The meeting was never convened: the draft is deleted with its agenda and appears nowhere."),
            _("The services its items were routed to no longer find them among their requests."),
        ]
    return [
        _("The meeting is shown as cancelled, with the reason, on its page and in the calendar."),
        _("The agenda can no longer be changed and nobody can answer the convocation."),
    ]


def _cancel_told(meeting) -> list[str]:
    invited = meeting.invitations.count()
    if not invited:
        return []
    return [
        ngettext(
            "The representatives of the %(n)d invited organisation receive the cancellation by e-mail, "
            "with the reason, and the event disappears from their calendars.",
            "The representatives of the %(n)d invited organisations receive the cancellation by e-mail, "
            "with the reason, and the event disappears from their calendars.",
            invited,
        )
        % {"n": invited}
    ]


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
            routed = services.agenda_item_route(item=item, by=request.user)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Item added and routed to %(n)d competent services.") % {"n": len(routed)},
            )
            return redirect("meetings:manage", pk=pk)
    # Shown again on its own page with what was typed and the field at fault.
    return render(
        request,
        "meetings/manage/item_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": None,
            "breadcrumb_trail": _trail((reverse("meetings:manage", args=[pk]), meeting.title)),
        },
        status=400,
    )


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    item = permissions.get_item_for_manager(request.user, meeting, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            services.agenda_item_update(item=item, by=request.user, themes=themes, **data)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Item saved."))
            return redirect("meetings:manage", pk=pk)
    return render(
        request,
        "meetings/manage/item_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "breadcrumb_trail": _trail((reverse("meetings:manage", args=[pk]), meeting.title)),
        },
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    item = permissions.get_item_for_manager(request.user, meeting, item_pk)
    direction = request.POST.get("direction", "")
    _run(request, services.agenda_item_move, _("Agenda order saved."), item=item, direction=direction)
    return redirect("meetings:manage", pk=pk)


@login_required
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    item = permissions.get_item_for_manager(request.user, meeting, item_pk)
    back = reverse("meetings:manage", args=[pk])
    if request.method == "POST":
        _run(request, services.agenda_item_remove, _("Item removed from the agenda."), item=item)
        return redirect(back)
    services_routed = sorted({routing.service.name for routing in item.routings.select_related("service")})
    return confirmation(
        request,
        title=_("Remove the item from the agenda"),
        subject=item.title,
        happens=[
            _("The item, its description and its routings to the services are deleted."),
            _("The agenda is a draft: nobody has received it yet."),
        ],
        told=[
            _("The services it was routed to no longer find it among their requests: %(services)s.")
            % {"services": ", ".join(services_routed)}
        ]
        if services_routed
        else [],
        button=_("Remove the item"),
        danger=True,
        back_url=back,
        breadcrumb_trail=_trail((back, meeting.title)),
    )


@login_required
@require_POST
def item_route(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    item = permissions.get_item_for_manager(request.user, meeting, item_pk)
    form = RouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect("meetings:manage", pk=pk)
    try:
        routed = services.agenda_item_route(
            item=item, by=request.user, due_date=form.cleaned_data["due_date"]
        )
    except MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Routed to %(n)d more services.") % {"n": len(routed)})
    return redirect("meetings:manage", pk=pk)


@login_required
@require_POST
def item_services(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    item = permissions.get_item_for_manager(request.user, meeting, item_pk)
    form = ServiceOverrideForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors:
            messages.error(request, _("Reason: %(error)s") % {"error": " ".join(form.errors["reason"])})
        else:
            messages.error(request, _("Choose a service and whether to add or remove it."))
        return redirect("meetings:manage", pk=pk)
    data = form.cleaned_data
    if data["action"] == ServiceOverrideForm.ADD:
        _run(
            request,
            services.routing_add_service,
            _("Service added to the item."),
            item=item,
            service=data["service"],
            reason=data["reason"],
        )
    else:
        _run(
            request,
            services.routing_remove_service,
            _("Service removed from the item."),
            item=item,
            service=data["service"],
            reason=data["reason"],
        )
    return redirect("meetings:manage", pk=pk)


@login_required
def routing_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    routing = permissions.get_routing_for_manager(request.user, pk)
    meeting = routing.agenda_item.meeting
    form = RoutingDueDateForm(request.POST or None, initial={"due_date": routing.due_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.routing_set_due_date(
                routing=routing, by=request.user, due_date=form.cleaned_data["due_date"]
            )
        except MeetingError as exc:
            form.add_error("due_date", exc.message)
        else:
            messages.success(
                request,
                _("%(service)s should now answer by %(date)s.")
                % {
                    "service": routing.service.name,
                    "date": articled(format_date(form.cleaned_data["due_date"], "j F Y")),
                },
            )
            return redirect("meetings:manage", pk=meeting.pk)
    return render(
        request,
        "meetings/manage/routing_due_date.html",
        {
            "form": form,
            "routing": routing,
            "meeting": meeting,
            "breadcrumb_trail": _trail((reverse("meetings:manage", args=[meeting.pk]), meeting.title)),
        },
        status=400 if form.errors else 200,
    )
