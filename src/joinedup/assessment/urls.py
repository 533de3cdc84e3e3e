from django.urls import path

from joinedup.assessment import rounds_views, views

app_name = "assessment"
urlpatterns = [
    path("barriers/", views.barrier_list, name="barriers"),
    path("barriers/new/", views.barrier_new, name="barrier-new"),
    path("barriers.<fmt:fmt>", views.barrier_export, name="barriers-export"),
    path("barriers/group/", views.group, name="group"),
    path("barriers/issues/", views.issue_report, name="issues"),
    path("barriers/issues/<id:issue_id>/", views.issue_detail, name="issue"),
    path("people/<id:person_id>/barriers/new/", views.person_barrier_new, name="person-barrier"),
    path("self-assessment/", rounds_views.home, name="rounds"),
    path("self-assessment/new/", rounds_views.round_new, name="round-new"),
    path("self-assessment/area/", rounds_views.area, name="area"),
    path("self-assessment/area/report/", rounds_views.area_report, name="area-report"),
    path("self-assessment/frameworks/", rounds_views.frameworks, name="frameworks"),
    path(
        "self-assessment/frameworks/<id:framework_id>/",
        rounds_views.framework_edit,
        name="framework-edit",
    ),
    path("self-assessment/<id:round_id>/", rounds_views.round_detail, name="round"),
    path("self-assessment/<id:round_id>/staff/", rounds_views.staff_response, name="staff"),
    path("self-assessment/<id:round_id>/actions/", rounds_views.action_add, name="action-add"),
    path(
        "self-assessment/<id:round_id>/results.<fmt:fmt>",
        rounds_views.round_export,
        name="round-export",
    ),
    path("have-your-say/<str:token>/", rounds_views.service_user_response, name="have-your-say"),
]
