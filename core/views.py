"""The pages of what concerns the signed-in person: notifications, e-mail choices, the unsubscribe link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core import notifications
from core.models import Notification

if TYPE_CHECKING:
    from django.http import HttpRequest


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications.notifications_page(request.user, request.GET.get("page"))
    return render(
        request,
        "core/notifications/list.html",
        {"page_obj": page, "unread": notifications.unread_count(request.user)},
    )


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
        )
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it becomes read. Another person's notification is 404."""
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:
        raise Http404
    notifications.notification_open(notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request: HttpRequest) -> HttpResponse:
    choices = notifications.email_choices(request.user)
    if request.method == "POST":
        receive = set(request.POST.getlist("receive"))
        offered = [choice.kind.key for choice in choices if not choice.kind.mandatory]
        notifications.email_preferences_save(
            user=request.user, switched_off=[key for key in offered if key not in receive]
        )
        messages.success(request, _("Your e-mail choices have been saved."))
        return redirect("notifications:preferences")
    trail = [(reverse("dashboard"), _("Reserved area")), (reverse("notifications:list"), _("Notifications"))]
    return render(
        request, "core/notifications/preferences.html", {"choices": choices, "breadcrumb_trail": trail}
    )


@csrf_exempt  # RFC 8058: the mail client posts "List-Unsubscribe=One-Click" without a form of ours.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an optional e-mail: GET asks to confirm, POST switches that kind off (no sign-in)."""
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    user, kind = found
    if request.method == "POST":
        notifications.email_opt_out(user=user, kind=kind)
        return render(request, "core/notifications/unsubscribed.html", {"kind": kind})
    return render(
        request,
        "core/notifications/unsubscribe.html",
        {"kind": kind, "already_off": not notifications.wants_email(user, kind.key)},
    )
