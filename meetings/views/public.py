"""Pages everyone reaches: the list of meetings, one meeting, its calendar file, the calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.providers import providers
from meetings import ical, permissions, selectors
from meetings.forms import CommentForm, ReplyForm
from meetings.models import MeetingStatus, MinutesStatus
from members import selectors as member_selectors

PAGE_SIZE = 10


def meeting_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.meetings_split(request.user)
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": list(upcoming[:20]),
            "page": page,
            "can_manage": permissions.can_manage(request.user),
            "feed": ical.feed_links(reverse("meetings:calendar_feed")),
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(request.user, pk)
    if meeting is None:
        raise Http404
    user = request.user
    minutes = selectors.minutes_of(meeting)
    organisation = member_selectors.current_organisation(request, members_only=True)
    reply = reply_form = None
    if (
        organisation is not None
        and "reply" in meeting.allowed_actions(manager=False)
        and selectors.is_invited(meeting, organisation)
    ):
        reply = selectors.organisation_reply(meeting, organisation)
        reply_form = ReplyForm(
            initial={"status": reply.status, "attendee_names": reply.attendee_names} if reply else None
        )
    show_minutes = permissions.minutes_visible(user, meeting, minutes)
    can_comment = bool(show_minutes and organisation is not None and minutes and minutes.accepts_comments)
    held = meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": list(meeting.agenda_items.all()),
            "show_contributions": permissions.contributions_visible(user, meeting),
            "show_chair_notes": permissions.can_manage(user),
            "minutes": minutes if show_minutes else None,
            "decisions": list(selectors.visible_decisions(user).filter(agenda_item__meeting=meeting))
            if show_minutes and minutes and minutes.status == MinutesStatus.APPROVED
            else [],
            "minutes_approved": bool(minutes and minutes.status == MinutesStatus.APPROVED),
            "summary": selectors.attendance_summary(meeting) if held else None,
            "organisation": organisation,
            "reply": reply,
            "reply_form": reply_form,
            "comment_form": CommentForm() if can_comment else None,
            "can_manage": permissions.can_manage(user),
            "breadcrumb_trail": [(reverse("meetings:list"), _("Meetings"))],
        },
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    response = HttpResponse(ical.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="incontro-{meeting.pk}.ics"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Public meetings and training sessions, for calendar subscriptions.

    Each app that has public events provides them (settings.TAVOLO_PROVIDERS["calendar_events"]).
    """
    events = [event for provider in providers("calendar_events") for event in provider()]
    body = ical.calendar(
        events, name=f"{_('Tavolo delle Risorse')} - {settings.TAVOLO_MUNICIPALITY}", feed=True
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    # No login required: attachments of approved minutes of a public meeting are public too.
    attachment = permissions.get_attachment_for_user(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
