"""An organisation's own area: status and history, profile, representatives, delegates, withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import permissions, selectors, services
from members.forms import DecisionForm, InviteForm, ProfileForm, ReasonForm
from members.models import (
    DelegateInvitation,
    Organisation,
    ProfileChangeRequest,
    RepresentationRequest,
    Representative,
    RequestStatus,
)
from members.services import TRANSITIONS


def _trail(request: HttpRequest, organisation: Organisation) -> list[tuple[str, str]]:
    trail = [(reverse("dashboard"), _("Reserved area"))]
    if permissions.is_staff(request.user):
        trail.append((reverse("members:staff_list"), _("Organisations")))
    return trail


def _manage_trail(request: HttpRequest, organisation: Organisation) -> list[tuple[str, str]]:
    return [
        *_trail(request, organisation),
        (reverse("members:my_organisation", args=[organisation.pk]), organisation.name),
    ]


def manage_context(request: HttpRequest, organisation: Organisation) -> dict:
    """What the organisation page shows to staff and to its representatives."""
    user = request.user
    is_staff = permissions.is_staff(user)
    transitions = services.allowed_transitions(organisation, user)
    me = permissions.active_representation(user, organisation)
    return {
        "organisation": organisation,
        "sectors": list(organisation.sectors.all()),
        "themes": list(organisation.themes.all()),
        "history": selectors.organisation_history(organisation),
        "representatives": selectors.representatives_of(organisation),
        "me": me,
        "is_staff": is_staff,
        "can_manage_reps": is_staff or (me is not None and me.is_primary),
        "transitions": transitions,
        "change_requests": list(
            organisation.change_requests.filter(status=RequestStatus.PENDING).select_related(
                "legal_form", "requested_by"
            )
        ),
        "representation_requests": list(
            organisation.representation_requests.filter(status=RequestStatus.PENDING).select_related("user")
        ),
        "invitations": list(organisation.invitations.filter(accepted_at=None, revoked_at=None)),
        "consents": list(organisation.consents.select_related("user")) if is_staff else [],
        "breadcrumb_trail": _trail(request, organisation),
    }


@login_required
def my_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    return render(request, "members/organisation_manage.html", manage_context(request, organisation))


@login_required
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirmation form for a status change (staff actions and the organisation's own)."""
    organisation = permissions.get_organisation_for_user(request.user, pk)
    spec = TRANSITIONS.get(action)
    if spec is None or spec.name == "submit":
        raise Http404
    permissions.require_transition_actor(request.user, organisation, spec)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        reason_required=spec.reason_required,
        reason_label=_("Message for the applicant") if action == "request_info" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_transition(
                organisation=organisation, name=action, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.MembershipError as exc:
            form.add_error("reason" if exc.field == "reason" else None, str(exc))
        else:
            messages.success(
                request,
                _("Done: the organisation is now “%(status)s”.")
                % {"status": organisation.get_status_display()},
            )
            return redirect("members:my_organisation", pk=organisation.pk)
    allowed = {t.name for t in services.allowed_transitions(organisation, request.user)}
    return render(
        request,
        "members/transition_confirm.html",
        {
            "organisation": organisation,
            "spec": spec,
            "form": form,
            "allowed": action in allowed,
            "breadcrumb_trail": _manage_trail(request, organisation),
        },
    )


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk, write=True)
    form = ProfileForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.organisation_profile_update(
                organisation=organisation,
                by=request.user,
                data=form.profile_data(),
                sectors=form.cleaned_data["sectors"],
                themes=form.cleaned_data["themes"],
                fiscal_code=form.cleaned_data["fiscal_code"],
                legal_form=form.cleaned_data["legal_form"],
            )
        except services.MembershipError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Profile saved."))
            if change is not None:
                messages.info(
                    request,
                    _(
                        "The change of fiscal code or legal form has been sent to the welfare office "
                        "for review."
                    ),
                )
            return redirect("members:my_organisation", pk=organisation.pk)
    return render(
        request,
        "members/profile_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "pending_change": ProfileChangeRequest.objects.filter(
                organisation=organisation, status=RequestStatus.PENDING
            )
            .select_related("legal_form")
            .first(),
            "breadcrumb_trail": _manage_trail(request, organisation),
        },
    )


@login_required
def representatives(request: HttpRequest, pk: int) -> HttpResponse:
    """Representatives and delegates: invite by e-mail (primary or staff), pending invitations."""
    organisation = permissions.get_organisation_for_user(request.user, pk)
    can_manage = permissions.can_manage_representatives(request.user, organisation)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            permissions.require_representatives_manager(request.user, organisation)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    organisation=organisation,
                    by=request.user,
                    email=form.cleaned_data["email"],
                    role_in_organisation=form.cleaned_data["role_in_organisation"],
                )
            except services.MembershipError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("members:representatives", pk=organisation.pk)
    context = manage_context(request, organisation)
    context.update(
        form=form, can_manage_reps=can_manage, breadcrumb_trail=_manage_trail(request, organisation)
    )
    return render(request, "members/representatives.html", context)


def _confirm(request, organisation, *, title, text, button, danger=False):
    return render(
        request,
        "members/confirm.html",
        {
            "organisation": organisation,
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
            "breadcrumb_trail": _manage_trail(request, organisation),
        },
    )


@login_required
def representative_leave(request: HttpRequest, pk: int, rep_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    rep = get_object_or_404(
        Representative.objects.select_related("user"), pk=rep_pk, organisation=organisation, is_active=True
    )
    if rep.user_id != request.user.pk:
        permissions.require_representatives_manager(request.user, organisation)
    if request.method == "POST":
        try:
            services.representative_leave(representative=rep, by=request.user)
        except services.MembershipError as exc:
            messages.error(request, str(exc))
            return redirect("members:representatives", pk=organisation.pk)
        if rep.user_id == request.user.pk:
            messages.success(
                request, _("You no longer represent %(organisation)s.") % {"organisation": organisation.name}
            )
            return redirect("dashboard")
        messages.success(
            request, _("%(person)s no longer represents the organisation.") % {"person": rep.user}
        )
        return redirect("members:representatives", pk=organisation.pk)
    own = rep.user_id == request.user.pk
    return _confirm(
        request,
        organisation,
        danger=True,
        title=_("Stop representing the organisation") if own else _("Remove a representative"),
        text=(
            _("You will no longer act for %(organisation)s in the table.")
            % {"organisation": organisation.name}
            if own
            else _("%(person)s will no longer act for %(organisation)s in the table.")
            % {"person": rep.user, "organisation": organisation.name}
        ),
        button=_("Confirm"),
    )


@login_required
def representative_make_primary(request: HttpRequest, pk: int, rep_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    permissions.require_representatives_manager(request.user, organisation)
    rep = get_object_or_404(
        Representative.objects.select_related("user"), pk=rep_pk, organisation=organisation, is_active=True
    )
    if request.method == "POST":
        try:
            services.representative_make_primary(representative=rep, by=request.user)
        except services.MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(person)s is now the primary representative.") % {"person": rep.user}
            )
        return redirect("members:representatives", pk=organisation.pk)
    return _confirm(
        request,
        organisation,
        title=_("Hand over the primary role"),
        text=_(
            "%(person)s will become the primary representative of %(organisation)s: they will invite "
            "delegates and answer requests. You stay a representative."
        )
        % {"person": rep.user, "organisation": organisation.name},
        button=_("Confirm"),
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, inv_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    invitation = get_object_or_404(DelegateInvitation, pk=inv_pk, organisation=organisation)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("members:representatives", pk=organisation.pk)


@login_required
@require_POST
def representation_decide(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    permissions.require_representatives_manager(request.user, organisation)
    req = get_object_or_404(RepresentationRequest, pk=req_pk, organisation=organisation)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.representation_request_decide(
                request_obj=req, by=request.user, approve=form.cleaned_data["decision"] == "approve"
            )
        except services.MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Request answered."))
    return redirect("members:representatives", pk=organisation.pk)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: explains it to anyone holding the link (who invites, for which
    organisation, until when); the invited person, signed in with the invited address, accepts on POST."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error, invitation = None, None
    try:
        invitation = services.invitation_from_token(token)
    except services.MembershipError as exc:
        error = str(exc)
    signed_in = request.user.is_authenticated
    wrong_user = (
        invitation is not None and signed_in and request.user.email.lower() != invitation.email.lower()
    )
    if request.method == "POST" and invitation is not None and not wrong_user:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.MembershipError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("You now represent %(organisation)s.") % {"organisation": invitation.organisation.name},
            )
            return redirect("members:my_organisation", pk=invitation.organisation_id)
    return render(
        request,
        "members/invitation.html",
        {
            "invitation": None if error else invitation,
            "valid_until": services.invitation_valid_until(invitation) if invitation else None,
            "error": error,
            "wrong_user": wrong_user,
            "here": request.path,
        },
        status=400 if error else 200,
    )
