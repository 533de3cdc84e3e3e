from django.urls import path

from joinedup.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("<int:organisation_id>/", views.organisation_detail, name="organisation"),
]
