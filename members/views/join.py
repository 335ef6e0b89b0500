"""Joining the table: the application form and requests to represent an existing organisation."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pagecache import current_version
from core.security import client_ip
from members import selectors, services
from members.forms import JoinForm, RepresentationRequestForm
from members.services.joining import NewAccount


def join(request: HttpRequest) -> HttpResponse:
    regulation = selectors.regulation_in_force()
    form = JoinForm(request.POST or None, user=request.user, regulation=regulation)
    if request.method == "POST" and not ratelimit.consume(request, action="join", key=client_ip(request)):
        form.is_valid()  # the typed values stay; the refusal is the only error shown
        form.errors.clear()
        form.add_error(None, _("Too many applications from your connection: please try again in an hour."))
        return render(request, "members/join.html", {"form": form, "regulation": regulation}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = None
        if form.user is None:
            account = NewAccount(
                email=data["account_email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                fiscal_code=data["person_fiscal_code"],
            )
        try:
            services.application_submit(
                organisation_data=form.organisation_data(),
                sectors=data["sectors"],
                themes=data["themes"],
                role_in_organisation=data["role_in_organisation"],
                regulation=regulation,
                user=form.user,
                user_fiscal_code=data.get("person_fiscal_code", "") if form.user is not None else "",
                account=account,
                request=request,
            )
        except services.MembershipError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            # The same page whether or not the address already had an account (then nothing was created).
            request.session["members_applied"] = {
                "name": data["name"],
                "email": data["account_email"] if form.user is None else form.user.email,
            }
            return redirect("members:join_done")
    # An anonymous visitor's empty form is the same for everyone until a write: its fields are
    # rendered once per pages version and language (crispy fields cost about 2 ms each).
    fields_version = current_version() if request.method == "GET" and form.user is None else ""
    return render(
        request,
        "members/join.html",
        {"form": form, "regulation": regulation, "fields_version": fields_version},
    )


def join_done(request: HttpRequest) -> HttpResponse:
    applied = request.session.get("members_applied")
    if not isinstance(applied, dict):
        return redirect("members:join")
    return render(
        request,
        "members/join_done.html",
        {"name": applied["name"], "email": applied["email"], "signed_in": request.user.is_authenticated},
    )


@login_required
def representation_request(request: HttpRequest) -> HttpResponse:
    initial = {"fiscal_code": request.GET.get("cf", "")[:40]}
    form = RepresentationRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.representation_request_create(
                organisation=form.organisation,
                user=request.user,
                role_in_organisation=form.cleaned_data["role_in_organisation"],
                message=form.cleaned_data["message"],
            )
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Request sent: the primary representative of the organisation or the welfare office will "
                    "answer by e-mail."
                ),
            )
            return redirect(reverse("dashboard"))
    return render(
        request,
        "members/representation_request.html",
        {
            "form": form,
            "breadcrumb_trail": [(reverse("members:join"), _("Join the table"))],
        },
    )
