"""Public pages: the list of sessions, one session with its registration forms, verification of
certificates and the session's calendar file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.fragments import cached_value
from members import roles
from training import permissions, selectors, services
from training.forms import (
    PEOPLE_ROWS,
    CertificateLookupForm,
    OrganisationChoiceForm,
    PersonForm,
    PublicRegistrationForm,
    people_formset_class,
)
from training.ical import session_calendar
from training.models import normalise_certificate_code

PAST_PER_PAGE = 12


def _session_list_sections(page: str | None) -> tuple[str, dt.datetime | None]:
    """The two lists of /formazione/ rendered (the same for every visitor), and until when the clock
    alone leaves them unchanged (`selectors.public_list_fresh_until`)."""
    fresh_until = selectors.public_list_fresh_until()
    upcoming, past = selectors.public_sessions(cards=True)
    page_obj = Paginator(past, PAST_PER_PAGE).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    selectors.with_lesson_totals([*upcoming, *page_obj.object_list])
    context = {"upcoming": upcoming, "past": page_obj, "page_obj": page_obj}
    return render_to_string("training/_session_list_sections.html", context), fresh_until


def session_list(request: HttpRequest) -> HttpResponse:
    page = request.GET.get("page")
    if page is None or (page.isdigit() and len(page) <= 4):
        # Kept per page number (core.fragments: a write shows on the next request); any other value
        # (which the paginator reads as the first or the last page) is rendered each time.
        html, _until = cached_value(
            f"training-list:{page or ''}",
            lambda: _session_list_sections(page),
            is_current=lambda kept: kept[1] is None or timezone.now() < kept[1],
        )
    else:
        html, _until = _session_list_sections(page)
    return render(request, "training/session_list.html", {"sections": mark_safe(html)})  # rendered above


def _session_or_404(pk: int):
    session = selectors.session_for_page(pk)
    if session is None:
        raise Http404
    return session


def _detail(
    request: HttpRequest,
    session,
    *,
    people_formset=None,
    organisation_form=None,
    public_form=None,
    status: int = 200,
) -> HttpResponse:
    organisations = permissions.organisations_allowed_to_register(request, session)
    actions = session.allowed_actions()
    if organisations and people_formset is None:
        people_formset = people_formset_class(session.seats_left)(prefix="people")
        organisation_form = OrganisationChoiceForm(organisations=organisations)
    if session.is_public and public_form is None:
        public_form = PublicRegistrationForm()
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "lessons": list(session.lessons.all()),
            "seats_left": session.seats_left,
            "actions": actions,
            "organisations": organisations,
            "people_formset": people_formset,
            "organisation_form": organisation_form,
            "public_form": public_form,
            "breadcrumb_trail": [(reverse("training:list"), _("Training"))],
        },
        status=status,
    )


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _session_or_404(pk))


@login_required
@require_POST
def register_people(request: HttpRequest, pk: int) -> HttpResponse:
    """A representative registers people of its organisation."""
    roles.require(request.user, "register_people")
    session = _session_or_404(pk)
    organisations = permissions.organisations_allowed_to_register(request, session)
    if not organisations:
        raise Http404
    if "register" not in session.allowed_actions():
        messages.error(request, _("Registrations for this session are not open."))
        return redirect(session)
    if "add_row" in request.POST:
        return _with_one_more_row(request, session, organisations)
    formset = people_formset_class(session.seats_left)(request.POST, prefix="people")
    organisation_form = OrganisationChoiceForm(request.POST, organisations=organisations)
    if formset.is_valid() and organisation_form.is_valid():
        try:
            created = services.registration_create(
                session=session,
                people=formset.people(),
                organisation=organisation_form.cleaned_data["organisation"],
                by=request.user,
            )
        except services.TrainingError as exc:
            formset._non_form_errors = formset.error_class([str(exc)])
        else:
            for registration in created:
                position = services.waiting_position(registration)
                if position:
                    messages.warning(
                        request,
                        _("%(name)s is on the waiting list, in position %(position)d.")
                        % {"name": registration.full_name, "position": position},
                    )
                else:
                    messages.success(request, _("%(name)s is registered.") % {"name": registration.full_name})
            return redirect("training:my_registrations")
    return _detail(request, session, people_formset=formset, organisation_form=organisation_form, status=400)


def _with_one_more_row(request: HttpRequest, session, organisations) -> HttpResponse:
    """ "Add a person": the same rows, with what was typed (nothing is checked yet), and one more."""
    try:
        rows = int(request.POST.get("people-TOTAL_FORMS", PEOPLE_ROWS))
    except ValueError:
        rows = PEOPLE_ROWS
    formset = people_formset_class(session.seats_left, rows=max(rows, 0) + 1)(prefix="people")
    names = list(PersonForm.base_fields)
    for index, form in enumerate(formset.forms):
        form.initial = {name: request.POST.get(f"people-{index}-{name}", "") for name in names}
    organisation_form = OrganisationChoiceForm(
        organisations=organisations, initial={"organisation": request.POST.get("organisation")}
    )
    if not formset.can_add_row:
        messages.info(
            request,
            _("This is the most people you can register at once for this course: %(num)d.")
            % {"num": formset.max_num},
        )
    return _detail(request, session, people_formset=formset, organisation_form=organisation_form)


@require_POST
def register_public(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone registers to a session open to the public; the e-mail link completes it."""
    session = _session_or_404(pk)
    if not session.is_public:
        raise Http404
    if "register" not in session.allowed_actions():
        messages.error(request, _("Registrations for this session are not open."))
        return redirect(session)
    form = PublicRegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.registration_create_public(
                session=session,
                person=form.person(),
                organisation_name=form.cleaned_data["organisation_name"],
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request,
                "training/check_your_email.html",
                {"session": session, "email": form.cleaned_data["email"]},
            )
    return _detail(request, session, public_form=form, status=400)


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    response = HttpResponse(session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="formazione-{session.pk}.ics"'
    return response


def certificate_lookup(request: HttpRequest) -> HttpResponse:
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("training:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "training/certificate_lookup.html", {"form": form})


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_by_code(normalise_certificate_code(code))
    return render(
        request,
        "training/certificate_verify.html",
        {"certificate": certificate, "code": code, "form": CertificateLookupForm()},
        status=200 if certificate else 404,
    )
