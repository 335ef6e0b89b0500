from __future__ import annotations

from django.urls import path

from meetings.views import attendance, decisions, manage, manage_minutes, member, public, referent

app_name = "meetings"

MANAGE = "area-riservata/incontri/<int:pk>/"

urlpatterns = [
    path("incontri/", public.meeting_list, name="list"),
    path("incontri/<int:pk>/", public.meeting_detail, name="detail"),
    path("incontri/<int:pk>.ics", public.meeting_ics, name="ics"),
    path("calendario.ics", public.calendar_feed, name="calendar_feed"),
    path("incontri/<int:pk>/risposta/", member.reply, name="reply"),
    path("incontri/<int:pk>/verbale/osservazioni/", member.minutes_comment, name="minutes_comment"),
    path("decisioni/", decisions.decision_list, name="decisions"),
    path("decisioni/feed/", decisions.decision_feed, name="decisions_feed"),
    path("decisioni.csv", decisions.decisions_csv, name="decisions_csv"),
    path("decisioni.json", decisions.decisions_json, name="decisions_json"),
    path("decisioni/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisioni/<int:pk>/aggiornamento/", decisions.decision_update, name="decision_update"),
    path("incontri/allegati/<int:pk>/", public.attachment_download, name="attachment"),
    # Representatives
    path("area-riservata/proposte/", member.my_proposals, name="my_proposals"),
    path("area-riservata/proposte/nuova/", member.proposal_create, name="proposal_create"),
    # Service referents
    path("area-riservata/segnalazioni/", referent.routing_list, name="routings"),
    path("area-riservata/segnalazioni/<int:pk>/", referent.routing_detail, name="routing"),
    path("area-riservata/segnalazioni/<int:pk>/scadenza/", manage.routing_due_date, name="routing_due_date"),
    # Staff
    path("area-riservata/incontri/", manage.manage_list, name="manage_list"),
    path("area-riservata/incontri/nuovo/", manage.meeting_create, name="create"),
    path(MANAGE, manage.meeting_manage, name="manage"),
    path(MANAGE + "modifica/", manage.meeting_edit, name="edit"),
    path(MANAGE + "convoca/", manage.meeting_convene, name="convene"),
    path(MANAGE + "svolto/", manage.meeting_held, name="held"),
    path(MANAGE + "annulla/", manage.meeting_cancel, name="cancel"),
    path(MANAGE + "punti/nuovo/", manage.item_add, name="item_add"),
    path(MANAGE + "punti/<int:item_pk>/", manage.item_edit, name="item_edit"),
    path(MANAGE + "punti/<int:item_pk>/sposta/", manage.item_move, name="item_move"),
    path(MANAGE + "punti/<int:item_pk>/elimina/", manage.item_remove, name="item_remove"),
    path(MANAGE + "punti/<int:item_pk>/instrada/", manage.item_route, name="item_route"),
    path(MANAGE + "punti/<int:item_pk>/servizi/", manage.item_services, name="item_services"),
    path(MANAGE + "presenze/", manage_minutes.attendance, name="attendance"),
    path(MANAGE + "presenze.csv", attendance.meeting_export, {"fmt": "csv"}, name="attendance_csv"),
    path(MANAGE + "presenze.xlsx", attendance.meeting_export, {"fmt": "xlsx"}, name="attendance_xlsx"),
    path("area-riservata/incontri/presenze/<int:year>/", attendance.year_page, name="attendance_year"),
    path(
        "area-riservata/incontri/presenze/<int:year>.csv",
        attendance.year_export,
        {"fmt": "csv"},
        name="attendance_year_csv",
    ),
    path(
        "area-riservata/incontri/presenze/<int:year>.xlsx",
        attendance.year_export,
        {"fmt": "xlsx"},
        name="attendance_year_xlsx",
    ),
    path(MANAGE + "foglio-presenze.pdf", manage_minutes.attendance_sheet_pdf, name="attendance_sheet"),
    path(MANAGE + "verbale/", manage_minutes.minutes_edit, name="minutes"),
    path(MANAGE + "verbale/osservazioni/", manage_minutes.minutes_open, name="minutes_open"),
    path(MANAGE + "verbale/approva/", manage_minutes.minutes_approve, name="minutes_approve"),
    path(
        MANAGE + "verbale/chiudi-osservazioni/", manage_minutes.minutes_close_comments, name="minutes_close"
    ),
    path(MANAGE + "verbale/decisioni/", decisions.decisions_manage, name="decisions_manage"),
    path(
        MANAGE + "verbale/decisioni/<int:decision_pk>/elimina/",
        decisions.decision_remove,
        name="decision_remove",
    ),
    path(MANAGE + "verbale/allegati/", manage_minutes.attachment_upload, name="attachment_upload"),
    path("area-riservata/proposte/da-decidere/", manage_minutes.proposals_queue, name="proposals"),
    path(
        "area-riservata/proposte/<int:pk>/decisione/", manage_minutes.proposal_decide, name="proposal_decide"
    ),
]
