from django.urls import path

from joinedup.measures import framework_views as views

app_name = "outcomes"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("new/", views.framework_new, name="new"),
    path("<id:outcome_framework_id>/history/", views.history, name="history"),
    path("versions/<id:version_id>/", views.version_detail, name="version"),
    path("versions/<id:version_id>/report/", views.report, name="report"),
    path("versions/<id:version_id>/report.<fmt:fmt>", views.report_export, name="report-export"),
    path("versions/<id:version_id>/edit/", views.version_edit, name="edit"),
    path("versions/<id:version_id>/domains/new/", views.domain_new, name="domain-new"),
    path("versions/<id:version_id>/outcomes/new/", views.outcome_new, name="outcome-new"),
    path("versions/<id:version_id>/indicators/new/", views.indicator_new, name="indicator-new"),
    path("versions/<id:version_id>/qualities/new/", views.quality_new, name="quality-new"),
    path("versions/<id:version_id>/co-production/", views.coproduction, name="coproduction"),
    path("versions/<id:version_id>/publish/", views.publish, name="publish"),
    path("versions/<id:version_id>/new-draft/", views.new_draft, name="new-draft"),
]
