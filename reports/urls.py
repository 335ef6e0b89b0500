from __future__ import annotations

from django.urls import path

from reports.views import initiatives, public, staff

app_name = "reports"

urlpatterns = [
    path("relazioni/", public.archive, name="archive"),
    path("relazioni/<int:year>/", public.detail, name="detail"),
    path("relazioni/<int:year>.pdf", public.pdf, name="pdf"),
    path("relazioni/<int:year>.csv", public.figures_csv, name="csv"),
    path("relazioni/<int:year>.json", public.figures_json, name="json"),
    path("relazioni/<int:year>/versioni/<int:number>.pdf", public.version_pdf, name="version_pdf"),
    path("relazioni/<int:year>/datapackage.json", public.datapackage, name="datapackage"),
    path(
        "relazioni/<int:year>/versioni/<int:number>/<str:name>",
        public.version_data,
        name="version_data",
    ),
    path("relazioni/catalogo-dcat.jsonld", public.catalogue, name="dcat"),
    path("area-riservata/relazioni/", staff.manage, name="manage"),
    path("area-riservata/relazioni/<int:year>/", staff.edit, name="edit"),
    path("area-riservata/relazioni/<int:year>/pubblica/", staff.publish, name="publish"),
    path("area-riservata/relazioni/<int:year>/anteprima/", staff.preview, name="preview"),
    path("area-riservata/relazioni/<int:year>/anteprima.pdf", staff.preview_pdf, name="preview_pdf"),
    path("area-riservata/iniziative/", initiatives.initiative_list, name="initiative_list"),
    path("area-riservata/iniziative/nuova/", initiatives.initiative_create, name="initiative_create"),
    path("area-riservata/iniziative/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("area-riservata/iniziative/<int:pk>/modifica/", initiatives.initiative_edit, name="initiative_edit"),
    path(
        "area-riservata/iniziative/<int:pk>/invia/", initiatives.initiative_submit, name="initiative_submit"
    ),
    path(
        "area-riservata/iniziative/<int:pk>/valida/",
        initiatives.initiative_validate,
        name="initiative_validate",
    ),
    path(
        "area-riservata/iniziative/<int:pk>/rinvia/",
        initiatives.initiative_send_back,
        name="initiative_send_back",
    ),
]
