from __future__ import annotations

from django.urls import path

from members.views import acting, identity, join, office, organisation, public, resources, staff, testbed

app_name = "members"

urlpatterns = [
    # Public
    path("aderisci/", join.join, name="join"),
    path("aderisci/inviata/", join.join_done, name="join_done"),
    path("aderisci/rappresentante/", join.representation_request, name="representation_request"),
    path("organizzazioni/", public.directory, name="directory"),
    path("organizzazioni/<slug:slug>/", public.organisation_detail, name="detail"),
    path("servizi/", public.services, name="services"),
    path("servizi/<slug:slug>/", public.service_detail, name="service_detail"),
    # Signing in with SPID or CIE (members.identity, members.federation): the relying party
    path(
        ".well-known/openid-federation", identity.entity_configuration, name="identity_entity_configuration"
    ),
    path("accesso/risolvi/", identity.resolve, name="identity_resolve"),
    path("accesso/ritorno/", identity.callback, name="identity_callback"),
    path("accesso/collega/", identity.link_confirm, name="identity_link"),
    # The demo federation (members.federation.testbed), only with TAVOLO_LOGIN_METHODS=demo
    path(
        "accesso/demo/ta/.well-known/openid-federation",
        testbed.anchor_configuration,
        name="identity_demo_anchor",
    ),
    path("accesso/demo/ta/fetch/", testbed.anchor_fetch, name="identity_demo_fetch"),
    path("accesso/demo/ta/list/", testbed.anchor_list, name="identity_demo_list"),
    path(
        "accesso/demo/<slug:method>/.well-known/openid-federation",
        testbed.provider_configuration,
        name="identity_demo_configuration",
    ),
    path("accesso/demo/<slug:method>/", testbed.provider_login, name="identity_demo"),
    path("accesso/demo/<slug:method>/consenso/", testbed.provider_consent, name="identity_demo_consent"),
    path("accesso/demo/<slug:method>/token/", testbed.provider_token, name="identity_demo_token"),
    path("accesso/demo/<slug:method>/userinfo/", testbed.provider_userinfo, name="identity_demo_userinfo"),
    path("accesso/demo/<slug:method>/revoca/", testbed.provider_revocation, name="identity_demo_revocation"),
    path("accesso/<slug:method>/", identity.start, name="identity_start"),
    # Staff
    path("area-riservata/organizzazioni/", staff.organisation_list, name="staff_list"),
    path("area-riservata/organizzazioni/domande/", staff.queue, name="staff_queue"),
    path("area-riservata/organizzazioni/esporta.csv", staff.export_csv, name="staff_export_csv"),
    path("area-riservata/organizzazioni/esporta.xlsx", staff.export_xlsx, name="staff_export_xlsx"),
    path("area-riservata/organizzazioni/<int:pk>/", staff.organisation_detail, name="staff_detail"),
    path(
        "area-riservata/organizzazioni/<int:pk>/azioni/<slug:action>/",
        staff.transition,
        name="staff_transition",
    ),
    path(
        "area-riservata/organizzazioni/<int:pk>/modifiche/<int:change_pk>/",
        staff.change_request_decide,
        name="staff_change_decide",
    ),
    path("area-riservata/servizi/", office.service_list, name="office_services"),
    path("area-riservata/servizi/nuovo/", office.service_create, name="office_service_create"),
    path("area-riservata/servizi/<int:pk>/", office.service_edit, name="office_service_edit"),
    path("area-riservata/servizi/<int:pk>/ritira/", office.service_retire, name="office_service_retire"),
    path("area-riservata/regolamento/", office.regulation_list, name="office_regulation"),
    path("area-riservata/regolamento/nuova/", office.regulation_create, name="office_regulation_create"),
    path("area-riservata/regolamento/<int:pk>/", office.regulation_detail, name="office_regulation_detail"),
    path(
        "area-riservata/regolamento/<int:pk>/modifica/", office.regulation_edit, name="office_regulation_edit"
    ),
    path(
        "area-riservata/regolamento/<int:pk>/pubblica/",
        office.regulation_publish,
        name="office_regulation_publish",
    ),
    path("area-riservata/accetta-regolamento/", office.regulation_accept, name="regulation_accept"),
    # The organisation's own area
    path("area-riservata/agisci-per/", acting.act_for, name="act_for"),
    path(
        "area-riservata/organizzazione/invito/<str:token>/",
        organisation.invitation_accept,
        name="invitation_accept",
    ),
    path("area-riservata/organizzazione/<int:pk>/", organisation.my_organisation, name="my_organisation"),
    path("area-riservata/organizzazione/<int:pk>/modifica/", organisation.profile_edit, name="profile_edit"),
    path(
        "area-riservata/organizzazione/<int:pk>/stato/<slug:action>/",
        organisation.transition,
        name="transition",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/rappresentanti/",
        organisation.representatives,
        name="representatives",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/rappresentanti/<int:rep_pk>/lascia/",
        organisation.representative_leave,
        name="representative_leave",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/rappresentanti/<int:rep_pk>/primario/",
        organisation.representative_make_primary,
        name="representative_make_primary",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/inviti/<int:inv_pk>/revoca/",
        organisation.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/richieste/<int:req_pk>/",
        organisation.representation_decide,
        name="representation_decide",
    ),
    path("area-riservata/organizzazione/<int:pk>/risorse/", resources.resource_list, name="resources"),
    path(
        "area-riservata/organizzazione/<int:pk>/risorse/nuova/",
        resources.resource_create,
        name="resource_create",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/risorse/<int:resource_pk>/modifica/",
        resources.resource_edit,
        name="resource_edit",
    ),
    path(
        "area-riservata/organizzazione/<int:pk>/risorse/<int:resource_pk>/disponibilita/",
        resources.resource_toggle,
        name="resource_toggle",
    ),
    path("area-riservata/risorse/", resources.resource_search, name="resource_search"),
]
