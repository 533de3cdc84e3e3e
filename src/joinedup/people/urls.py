from django.urls import path

from joinedup.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/access/", views.person_access_history, name="access-history"),
    path("<int:person_id>/timeline/", views.person_timeline, name="timeline"),
    path("<int:person_id>/team/new/", views.team_add, name="team-add"),
    path("<int:person_id>/team/end/", views.team_end, name="team-end"),
    path("<int:person_id>/their-people/new/", views.network_add, name="network-add"),
    path("<int:person_id>/notes/new/", views.note_add, name="note-add"),
    path("<int:person_id>/restriction/", views.restriction, name="restriction"),
    path("<int:person_id>/sharing/", views.sharing, name="sharing"),
    path("<int:person_id>/subject-access/", views.subject_access, name="subject-access"),
    path("<int:person_id>/sharing/new/", views.sharing_add, name="sharing-add"),
    path(
        "<int:person_id>/sharing/<int:consent_id>/revoke/",
        views.sharing_revoke,
        name="sharing-revoke",
    ),
]
