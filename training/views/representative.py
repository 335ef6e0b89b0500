"""The representative's area: the training history of the organisation's people, cancellations and
certificates (a representative sees only its own organisations' registrations)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.confirm import confirmation
from core.links import row_url
from members import selectors as member_selectors
from training import permissions, selectors, services
from training.models import Registration, RegistrationStatus
from training.views.participant import pdf_response

REGISTRATIONS_PER_PAGE = 20


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    permissions.require_representative(request.user)
    organisations = member_selectors.representative_organisations(request.user)
    page = Paginator(selectors.organisation_registrations(organisations), REGISTRATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/my_registrations.html",
        {
            "organisations": organisations,
            "registrations": _with_links(page.object_list),
            "page_obj": page,
            "open_sessions": selectors.open_sessions_kept(organisations).sessions if organisations else [],
        },
    )


def _with_links(registrations) -> list[Registration]:
    """The page's rows with what the table shows worked out once per page, not once per row through the
    template: links, status labels, the first lesson's date, whether it may still be cancelled."""
    labels = {value: str(label) for value, label in RegistrationStatus.choices}
    rows = list(registrations)
    for registration in rows:
        registration.session_url = row_url("training:detail", registration.session_id)
        registration.status_label = labels.get(registration.status, registration.status)
        starts_at = registration.starts_at
        registration.starts_on = timezone.localtime(starts_at).strftime("%d/%m/%Y") if starts_at else ""
        certificate = getattr(registration, "certificate", None)
        registration.certificate_url = (
            row_url("training:certificate_download", certificate.pk) if certificate else ""
        )
        cancellable = "cancel" in registration.actions
        registration.cancel_url = (
            row_url("training:registration_cancel", registration.pk) if cancellable else ""
        )
    return rows


class _StaffCancelForm(forms.Form):
    """Staff cancelling someone's registration say why: the participant reads it in the e-mail."""

    reason = forms.CharField(
        label=_("Reason, sent to the participant"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write why the registration is cancelled: the participant reads it in the e-mail.")
        },
    )
    confirmed = forms.CharField(widget=forms.HiddenInput(), initial="1")


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = permissions.get_registration_for_user(request.user, pk)
    reason = ""
    if permissions.is_training_staff(request.user):
        # The office cancels someone else's place: a confirmation page that asks why, first.
        confirming = bool(request.POST.get("confirmed"))
        form = _StaffCancelForm(request.POST if confirming else None)
        if not (confirming and form.is_valid()):
            return _staff_cancel_confirmation(request, registration, form)
        reason = form.cleaned_data["reason"]
    try:
        services.registration_cancel(registration=registration, by=request.user, reason=reason)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The registration of %(name)s has been cancelled.") % {"name": registration.full_name}
        )
    if permissions.is_training_staff(request.user):
        return redirect("training:manage_session", pk=registration.session_id)
    return redirect("training:my_registrations")


def _staff_cancel_confirmation(request: HttpRequest, registration, form: forms.Form) -> HttpResponse:
    back = reverse("training:manage_session", args=[registration.session_id])
    return confirmation(
        request,
        title=_("Cancel the registration"),
        subject=f"{registration.full_name} – {registration.session.title}",
        happens=[
            _("The registration is cancelled and its place goes to the first on the waiting list, if any."),
        ],
        told=[
            _("%(name)s receives an e-mail with the reason below.") % {"name": registration.full_name},
            *(
                [_("The representative who registered them sees it in the reserved area.")]
                if registration.registered_by_id
                else []
            ),
        ],
        form=form,
        button=_("Cancel the registration"),
        danger=True,
        back_url=back,
        breadcrumb_trail=[
            (reverse("dashboard"), _("Reserved area")),
            (reverse("training:manage"), _("Training")),
            (back, registration.session.title),
        ],
        status=400 if form.errors else 200,
    )


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(permissions.get_certificate_for_user(request.user, pk))
