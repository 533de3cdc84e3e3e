"""/api/hsds/: the paths of the HSDS 3 OpenAPI."""

from django.urls import path

from joinedup.directory import hsds_views as views

app_name = "hsds"
urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:hsds_id>", views.service, name="service"),
    path("organizations", views.organisations, name="organizations"),
    path("organizations/<str:hsds_id>", views.organisation, name="organization"),
    path("service_at_locations", views.service_at_locations, name="service-at-locations"),
    path(
        "service_at_locations/<str:hsds_id>", views.service_at_location, name="service-at-location"
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:hsds_id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<str:hsds_id>", views.taxonomy_term, name="taxonomy-term"),
]
