"""Staff pages under /area-riservata/formazione/: sessions, lessons, status, participants, waiting
list, attendance, certificates, exports and the printed register."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.confirm import confirmation
from core.italian import format_date
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from training import permissions, selectors, services
from training.documents import attendance_register_pdf, participants_csv, participants_xlsx
from training.forms import LessonForm, SessionForm, StatusForm
from training.models import Lesson, RegistrationStatus, SessionStatus
from training.services.sessions import ACTIVE_REGISTRATION, ALLOWED_TRANSITIONS

SESSIONS_PER_PAGE = 25


def _trail(session=None) -> list[tuple[str, str]]:
    trail = [(reverse("dashboard"), _("Reserved area")), (reverse("training:manage"), _("Training"))]
    if session is not None:
        trail.append((reverse("training:manage_session", args=[session.pk]), session.title))
    return trail


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    permissions.require_training_staff(request.user)
    page = Paginator(selectors.staff_sessions(), SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/manage/session_list.html",
        {"sessions": page.object_list, "page_obj": page, "breadcrumb_trail": _trail()[:1]},
    )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    permissions.require_training_staff(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            session = services.session_create(by=request.user, **data)
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The session has been created as a draft: now add its lessons."))
            return redirect("training:manage_session", pk=session.pk)
    return render(
        request,
        "training/manage/session_form.html",
        {"form": form, "session": None, "breadcrumb_trail": _trail()},
        status=400 if form.errors else 200,
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    form = SessionForm(
        request.POST or None,
        instance=session,
        initial={
            "sectors": list(session.sectors.all()),
            "themes": list(session.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors, themes = data.pop("sectors"), data.pop("themes")
        try:
            services.session_update(session=session, by=request.user, sectors=sectors, themes=themes, **data)
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("training:manage_session", pk=session.pk)
    return render(
        request,
        "training/manage/session_form.html",
        {"form": form, "session": session, "breadcrumb_trail": _trail(session)},
        status=400 if form.errors else 200,
    )


@login_required
def manage_session(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_training_staff(request.user)
    session = selectors.session_for_page(pk, include_drafts=True)
    if session is None:
        raise Http404
    registrations = selectors.session_registrations(session)
    hours = selectors.hours_attended(session)
    for registration in registrations:
        registration.hours_attended = hours.of(registration)
    return render(
        request,
        "training/manage/session_manage.html",
        {
            "session": session,
            "lessons": list(session.lessons.all()),
            "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
            "pending": [r for r in registrations if r.status == RegistrationStatus.PENDING],
            "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
            "seats_left": session.seats_left,
            "transitions": [
                {"value": s, "label": SessionStatus(s).label, "danger": s == SessionStatus.CANCELLED}
                for s in sorted(ALLOWED_TRANSITIONS[session.status])
            ],
            "feedback": selectors.feedback_summary(session),
            "status_changes": list(session.status_changes.select_related("by")),
            "actions": session.allowed_actions(manager=True),
            "cancellable": "cancel_registrations" in session.allowed_actions(manager=True),
            "certificate_threshold": settings.TAVOLO_CERTIFICATE_MIN_ATTENDANCE,
            "lessons_without_register": ", ".join(
                format_date(timezone.localtime(lesson.starts_at), "j F Y")
                for lesson in hours.lessons_without_register
            ),
            "lessons_without_register_count": len(hours.lessons_without_register),
            "breadcrumb_trail": _trail()[:2],
        },
    )


class _ConfirmCancelForm(StatusForm):
    """The cancellation, once more, on its confirmation page: the note goes to the participants."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].widget = forms.HiddenInput()
        self.fields["reason"].label = _("Reason, sent to the participants")
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = _(
            "Write why the session is cancelled: the participants read it in the e-mail."
        )
        self.fields["confirmed"] = forms.CharField(widget=forms.HiddenInput(), initial="1")


@login_required
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    back = reverse("training:manage_session", args=[pk])
    form = StatusForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        if "reason" in form.errors and "to_status" not in form.errors:
            messages.error(request, _("Note: %(error)s") % {"error": " ".join(form.errors["reason"])})
        else:
            messages.error(request, _("Choose a valid status."))
        return redirect(back)
    to_status, reason = form.cleaned_data["to_status"], form.cleaned_data["reason"]
    active = session.registrations.filter(status__in=ACTIVE_REGISTRATION).count()
    confirming = request.method == "POST" and request.POST.get("confirmed")
    confirm_form = _ConfirmCancelForm(
        request.POST if confirming else None, initial={"to_status": to_status, "reason": reason}
    )
    if to_status == SessionStatus.CANCELLED and active and not (confirming and confirm_form.is_valid()):
        # Cancelling a course people registered for: say who will be told, and why, before doing it.
        return confirmation(
            request,
            title=_("Cancel the training session"),
            subject=session.title,
            happens=[
                _("The session is shown as cancelled and takes no more registrations."),
                _("Its registrations stay in its history."),
            ],
            told=[
                ngettext(
                    "The %(n)d registered person receives an e-mail with the note below.",
                    "The %(n)d registered people receive an e-mail with the note below.",
                    active,
                )
                % {"n": active}
            ],
            form=confirm_form,
            button=_("Cancel the training session"),
            danger=True,
            back_url=back,
            breadcrumb_trail=[*_trail()[:2], (back, session.title)],
            status=400 if confirm_form.errors else 200,
        )
    if request.method != "POST":
        return redirect(back)
    try:
        services.session_set_status(session=session, to_status=to_status, by=request.user, reason=reason)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The status of the session has been changed."))
    return redirect(back)


@login_required
def lesson_form(request: HttpRequest, pk: int, lesson_pk: int | None = None) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    lesson = get_object_or_404(Lesson, pk=lesson_pk, session=session) if lesson_pk else None
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_save(session=session, by=request.user, lesson=lesson, **form.cleaned_data)
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("training:manage_session", pk=session.pk)
    return render(
        request,
        "training/manage/lesson_form.html",
        {"form": form, "session": session, "lesson": lesson, "breadcrumb_trail": _trail(session)},
        status=400 if form.errors else 200,
    )


@login_required
def lesson_delete(request: HttpRequest, pk: int, lesson_pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    lesson = get_object_or_404(Lesson, pk=lesson_pk, session=session)
    back = reverse("training:manage_session", args=[session.pk])
    if request.method == "POST":
        try:
            services.lesson_delete(lesson=lesson, by=request.user)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The lesson has been removed."))
        return redirect(back)
    when = format_date(timezone.localtime(lesson.starts_at), "l j F Y, H:i")
    return confirmation(
        request,
        title=_("Remove the lesson"),
        subject=f"{session.title} – {when}",
        happens=[
            _("The lesson disappears from the session's calendar and its hours from the total."),
            _("Registered people see the new calendar on the session page."),
        ],
        told=[],
        button=_("Remove the lesson"),
        danger=True,
        back_url=back,
        breadcrumb_trail=[*_trail()[:2], (back, session.title)],
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    if request.method == "POST":
        present: set[tuple[int, int]] = set()
        for value in request.POST.getlist("present"):
            reg_id, _sep, lesson_id = value.partition("-")
            if reg_id.isdigit() and lesson_id.isdigit():
                present.add((int(reg_id), int(lesson_id)))
        try:
            services.attendance_record(session=session, present=present, by=request.user)
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Attendance has been saved."))
            return redirect("training:attendance", pk=pk)
    lessons, registrations, present = selectors.attendance_grid(session)
    now = timezone.now()
    rows = [
        (registration, [(lesson, (registration.pk, lesson.pk) in present) for lesson in lessons])
        for registration in registrations
    ]
    return render(
        request,
        "training/manage/attendance.html",
        {
            "session": session,
            "lessons": lessons,
            "rows": rows,
            "started": {lesson.pk for lesson in lessons if lesson.starts_at <= now},
            "breadcrumb_trail": _trail(session),
        },
    )


@login_required
@require_POST
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    try:
        issued = services.certificates_issue(session=session, by=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Certificates issued: %(count)d.") % {"count": len(issued)})
    return redirect("training:manage_session", pk=pk)


def _export(request: HttpRequest, pk: int, ext: str, content_type: str, write) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    body = write(selectors.session_registrations(session), selectors.hours_attended(session))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="partecipanti-formazione-{session.pk}.{ext}"'
    return response


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "csv", CSV_CONTENT_TYPE, participants_csv)


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx", XLSX_CONTENT_TYPE, participants_xlsx)


@login_required
def register_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_staff(request.user, pk)
    _lessons, registrations, _present = selectors.attendance_grid(session)
    response = HttpResponse(attendance_register_pdf(session, registrations), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="registro-presenze-{session.pk}.pdf"'
    return response
