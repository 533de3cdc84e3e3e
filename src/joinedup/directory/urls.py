from django.urls import path

from joinedup.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("<id:organisation_id>/", views.organisation_detail, name="organisation"),
    path("<id:organisation_id>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<id:organisation_id>/ties/new/", views.link_new, name="link-new"),
    path("<id:organisation_id>/services/new/", views.service_new, name="service-new"),
    path("services/", views.services_find, name="services"),
    path("services/<id:service_id>/", views.service_detail, name="service"),
    path("services/<id:service_id>/edit/", views.service_edit, name="service-edit"),
    path("network/", views.network_map, name="network"),
    path("coverage/", views.coverage_map, name="coverage"),
]
