from django.urls import path, register_converter
from django.urls.converters import get_converters

from joinedup.exports import FormatConverter
from joinedup.measures import admin_views, views

if "fmt" not in get_converters():  # the assessment app registers it too
    register_converter(FormatConverter, "fmt")

app_name = "measures"

urlpatterns = [
    path("people/<id:person_id>/measures/", views.person_measures, name="person"),
    path("people/<id:person_id>/measures/<slug:key>/new/", views.reading_new, name="reading-new"),
    path("measures/instruments/", admin_views.instrument_list, name="instruments"),
    path("measures/instruments/<slug:key>/wording/", admin_views.wording_upload, name="wording"),
    path("measures/import/", admin_views.readings_import, name="import"),
    path("outcomes/distance/", views.distance_travelled, name="distance"),
    path("outcomes/distance.<fmt:fmt>", views.distance_export, name="distance-export"),
]
