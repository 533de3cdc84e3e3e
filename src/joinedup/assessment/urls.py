from django.urls import path

from joinedup.assessment import views

app_name = "assessment"
urlpatterns = [
    path("barriers/", views.barrier_list, name="barriers"),
    path("barriers/new/", views.barrier_new, name="barrier-new"),
    path("barriers/group/", views.group, name="group"),
    path("barriers/issues/", views.issue_report, name="issues"),
    path("barriers/issues/<int:issue_id>/", views.issue_detail, name="issue"),
    path("people/<int:person_id>/barriers/new/", views.person_barrier_new, name="person-barrier"),
]
