"""The representative's area: the training history of the organisation's people, cancellations and
certificates (a representative sees only its own organisations' registrations)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import selectors as member_selectors
from training import permissions, selectors, services
from training.views.participant import pdf_response


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    permissions.require_representative(request.user)
    organisations = member_selectors.representative_organisations(request.user)
    return render(
        request,
        "training/my_registrations.html",
        {
            "organisations": organisations,
            "registrations": selectors.organisation_registrations(organisations),
            "open_sessions": selectors.open_sessions_for(organisations) if organisations else [],
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = permissions.get_registration_for_user(request.user, pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The registration of %(name)s has been cancelled.") % {"name": registration.full_name}
        )
    if permissions.is_training_staff(request.user):
        return redirect("training:manage_session", pk=registration.session_id)
    return redirect("training:my_registrations")


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(permissions.get_certificate_for_user(request.user, pk))
