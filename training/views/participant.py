"""The participant's own page, reached through the random link of their e-mails (no account needed):
verify the e-mail address, cancel, download the certificate, leave feedback."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions, services
from training.documents import certificate_pdf
from training.forms import FeedbackForm
from training.models import Certificate, Feedback


def _page(request: HttpRequest, registration, *, feedback_form=None, status: int = 200) -> HttpResponse:
    certificate = Certificate.objects.filter(registration=registration).first()
    feedback = Feedback.objects.filter(registration=registration).first()
    actions = registration.allowed_actions()
    can_give_feedback = "give_feedback" in actions
    if can_give_feedback and feedback_form is None:
        initial = {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
        feedback_form = FeedbackForm(initial=initial)
    return render(
        request,
        "training/participant.html",
        {
            "registration": registration,
            "session": registration.session,
            "lessons": list(registration.session.lessons.all()),
            "position": services.waiting_position(registration),
            "certificate": certificate,
            "feedback": feedback,
            "feedback_form": feedback_form if can_give_feedback else None,
            "actions": actions,
        },
        status=status,
    )


def participant(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, permissions.get_registration_for_token(token))


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms the address."""
    registration = permissions.get_registration_for_token(token)
    if request.method == "POST":
        try:
            services.registration_verify(registration=registration)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("training:participant", token=token)
    if "verify" not in registration.allowed_actions():
        return redirect("training:participant", token=token)
    return render(request, "training/verify_email.html", {"registration": registration})


@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = permissions.get_registration_for_token(token)
    try:
        services.registration_cancel(registration=registration, by=None)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("training:participant", token=token)


@require_POST
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = permissions.get_registration_for_token(token)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_submit(
                registration=registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("training:participant", token=token)
    return _page(request, registration, feedback_form=form, status=400)


def certificate(request: HttpRequest, token: str) -> HttpResponse:
    registration = permissions.get_registration_for_token(token)
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is None:
        return redirect("training:participant", token=token)
    return pdf_response(certificate)


def pdf_response(certificate: Certificate) -> HttpResponse:
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestato-{certificate.code}.pdf"'
    return response
