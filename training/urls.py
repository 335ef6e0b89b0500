from __future__ import annotations

from django.urls import path

from training.views import participant, public, representative, staff

app_name = "training"

urlpatterns = [
    path("formazione/", public.session_list, name="list"),
    path("formazione/<int:pk>/", public.session_detail, name="detail"),
    path("formazione/<int:pk>.ics", public.session_ics, name="ics"),
    path("formazione/<int:pk>/iscrivi/", public.register_people, name="register_people"),
    path("formazione/<int:pk>/iscriviti/", public.register_public, name="register_public"),
    path("formazione/attestati/", public.certificate_lookup, name="certificate_lookup"),
    path("formazione/attestati/<slug:code>/", public.certificate_verify, name="certificate_verify"),
    path("formazione/iscrizione/<slug:token>/", participant.participant, name="participant"),
    path("formazione/iscrizione/<slug:token>/conferma/", participant.verify_email, name="verify_email"),
    path("formazione/iscrizione/<slug:token>/annulla/", participant.cancel, name="participant_cancel"),
    path(
        "formazione/iscrizione/<slug:token>/valutazione/", participant.feedback, name="participant_feedback"
    ),
    path(
        "formazione/iscrizione/<slug:token>/attestato.pdf",
        participant.certificate,
        name="participant_certificate",
    ),
    # the representative's area
    path("area-riservata/formazione/iscrizioni/", representative.my_registrations, name="my_registrations"),
    path(
        "area-riservata/formazione/iscrizioni/<int:pk>/annulla/",
        representative.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "area-riservata/formazione/attestati/<int:pk>.pdf",
        representative.certificate_download,
        name="certificate_download",
    ),
    # staff
    path("area-riservata/formazione/", staff.manage, name="manage"),
    path("area-riservata/formazione/nuovo/", staff.session_create, name="session_create"),
    path("area-riservata/formazione/<int:pk>/", staff.manage_session, name="manage_session"),
    path("area-riservata/formazione/<int:pk>/modifica/", staff.session_edit, name="session_edit"),
    path("area-riservata/formazione/<int:pk>/stato/", staff.session_status, name="session_status"),
    path("area-riservata/formazione/<int:pk>/lezioni/nuova/", staff.lesson_form, name="lesson_create"),
    path(
        "area-riservata/formazione/<int:pk>/lezioni/<int:lesson_pk>/", staff.lesson_form, name="lesson_edit"
    ),
    path(
        "area-riservata/formazione/<int:pk>/lezioni/<int:lesson_pk>/elimina/",
        staff.lesson_delete,
        name="lesson_delete",
    ),
    path("area-riservata/formazione/<int:pk>/presenze/", staff.attendance, name="attendance"),
    path(
        "area-riservata/formazione/<int:pk>/attestati/", staff.certificates_issue, name="certificates_issue"
    ),
    path("area-riservata/formazione/<int:pk>/partecipanti.csv", staff.export_csv, name="export_csv"),
    path("area-riservata/formazione/<int:pk>/partecipanti.xlsx", staff.export_xlsx, name="export_xlsx"),
    path("area-riservata/formazione/<int:pk>/registro.pdf", staff.register_pdf, name="register_pdf"),
]
