from django.urls import path

from joinedup.measures import admin_views, views

app_name = "measures"

urlpatterns = [
    path("people/<id:person_id>/measures/", views.person_measures, name="person"),
    path("people/<id:person_id>/measures/<slug:key>/new/", views.reading_new, name="reading-new"),
    path("people/<id:person_id>/measures.<fmt:fmt>", views.person_measures_export, name="export"),
    path("measures/instruments.<fmt:fmt>", views.instruments_export, name="instruments-export"),
    path("measures/instruments/", admin_views.instrument_list, name="instruments"),
    path("measures/instruments/<slug:key>/wording/", admin_views.wording_upload, name="wording"),
    path("measures/import/", admin_views.readings_import, name="import"),
    path("outcomes/distance/", views.distance_travelled, name="distance"),
    path("outcomes/distance.<fmt:fmt>", views.distance_export, name="distance-export"),
]
