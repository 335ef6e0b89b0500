"""Decisions: the office records them with the minutes; everyone reads them; owners post updates."""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.spreadsheets import csv_cell
from meetings import permissions, selectors, services
from meetings.errors import MeetingError
from meetings.filters import DecisionFilter
from meetings.forms import DecisionForm, DecisionUpdateForm
from meetings.models import AgendaItem, Decision, DecisionUpdate
from meetings.views.manage import _run, _trail
from members import selectors as member_selectors

PAGE_SIZE = 20
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@login_required
def decisions_manage(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    form = DecisionForm(
        request.POST or None,
        items=items,
        organisations=member_selectors.organisations_active_on(timezone.localdate()),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decision_add(
                    item=data["item"],
                    by=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    owner_kind=data["owner_kind"],
                    service=data["service"],
                    organisations=data["organisations"],
                    expected_date=data["expected_date"],
                    themes=data["themes"],
                )
            except MeetingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("meetings:decisions_manage", pk=pk)
        status = 400
    decisions = selectors.decisions_of_meeting(meeting.pk)
    return render(
        request,
        "meetings/manage/decisions.html",
        {
            "meeting": meeting,
            "decisions": [(d, d.allowed_actions(user=request.user)) for d in decisions],
            "form": form,
            "breadcrumb_trail": _trail(
                (reverse("meetings:manage", args=[meeting.pk]), meeting.title),
                (reverse("meetings:minutes", args=[meeting.pk]), _("Minutes")),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def decision_remove(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, write=True)
    decision = permissions.get_decision_for_manager(request.user, meeting, decision_pk)
    _run(request, services.decision_remove, _("Decision removed."), decision=decision)
    return redirect("meetings:decisions_manage", pk=pk)


@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    base = selectors.published_decisions()
    filterset = DecisionFilter(request.GET or None, queryset=base)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/decision_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "decisions": page.object_list,
            "querystring": query.urlencode(),
            "filtered": bool(query),
        },
    )


def _detail_page(request: HttpRequest, decision: Decision, form=None, status: int = 200) -> HttpResponse:
    actions = decision.allowed_actions(user=request.user)
    if form is None and "update" in actions:
        form = DecisionUpdateForm(initial={"status": decision.status})
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "meeting": decision.agenda_item.meeting,
            "updates": selectors.decision_updates(decision),
            "actions": actions,
            "form": form,
            "breadcrumb_trail": [(reverse("meetings:decisions"), _("Decisions"))],
        },
        status=status,
    )


@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, permissions.get_decision_for_user(request.user, pk))


@login_required
@require_POST
def decision_update(request: HttpRequest, pk: int) -> HttpResponse:
    decision = permissions.get_decision_for_owner(request.user, pk)
    form = DecisionUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.decision_update(
                decision=decision,
                by=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                evidence_url=form.cleaned_data["evidence_url"],
            )
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Update posted."))
            return redirect("meetings:decision", pk=pk)
    return _detail_page(request, decision, form=form, status=400)


def _owner_label(decision: Decision) -> str:
    if decision.owner_service is not None:
        return decision.owner_service.name
    if decision.owner_kind == "organisations":
        return ", ".join(o.name for o in decision.owner_organisations.all())
    return str(decision.get_owner_kind_display())


def _open_data_rows(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "id": d.pk,
            "url": request.build_absolute_uri(d.get_absolute_url()),
            "meeting": d.agenda_item.meeting.title,
            "meeting_date": timezone.localdate(d.agenda_item.meeting.starts_at).isoformat(),
            "agenda_item": d.agenda_item.title,
            "kind": d.kind,
            "title": d.title,
            "text": d.text,
            "owner_kind": d.owner_kind,
            "owner": _owner_label(d),
            "expected_date": d.expected_date.isoformat() if d.expected_date else "",
            "status": d.status,
            "themes": "; ".join(t.name for t in d.themes.all()),
        }
        for d in selectors.published_decisions().order_by("pk")
    ]


OPEN_DATA_COLUMNS = [
    "id",
    "url",
    "meeting",
    "meeting_date",
    "agenda_item",
    "kind",
    "title",
    "text",
    "owner_kind",
    "owner",
    "expected_date",
    "status",
    "themes",
]


@require_safe
def decisions_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisioni.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    writer = csv.writer(response)
    writer.writerow(OPEN_DATA_COLUMNS)
    for row in _open_data_rows(request):
        writer.writerow([csv_cell(row[column]) for column in OPEN_DATA_COLUMNS])
    return response


@require_safe
def decisions_json(request: HttpRequest) -> HttpResponse:
    payload = {
        "title": _("Decisions of the table"),
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "decisions": _open_data_rows(request),
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


class DecisionUpdatesFeed(Feed):
    """The latest progress updates of published decisions (Atom)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Decisions of the table: updates")
    subtitle = gettext_lazy("What the table decided and what happened next.")

    def link(self) -> str:
        return reverse("meetings:decisions")

    def items(self):
        return selectors.recent_updates()

    def item_title(self, item: DecisionUpdate) -> str:
        return f"{item.decision.title}: {item.get_to_status_display()}"

    def item_description(self, item: DecisionUpdate) -> str:
        return item.reason

    def item_link(self, item: DecisionUpdate) -> str:
        return f"{item.decision.get_absolute_url()}#aggiornamento-{item.pk}"

    def item_pubdate(self, item: DecisionUpdate):
        return item.at

    def item_updateddate(self, item: DecisionUpdate):
        return item.at


decision_feed = DecisionUpdatesFeed()
