from django.urls import path, register_converter
from django.urls.converters import get_converters

from joinedup.exports import FormatConverter
from joinedup.measures import views

if "fmt" not in get_converters():  # the assessment app registers it too
    register_converter(FormatConverter, "fmt")

app_name = "measures"
urlpatterns = [
    path("outcomes/distance/", views.distance_travelled, name="distance"),
    path("outcomes/distance.<fmt:fmt>", views.distance_export, name="distance-export"),
    path("people/<id:person_id>/measures/", views.person_measures, name="person"),
]
