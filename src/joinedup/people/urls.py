from django.urls import path

from joinedup.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<id:person_id>/", views.person_detail, name="detail"),
    path("<id:person_id>/access/", views.person_access_history, name="access-history"),
    path("<id:person_id>/timeline/", views.person_timeline, name="timeline"),
    path("<id:person_id>/team/new/", views.team_add, name="team-add"),
    path("<id:person_id>/team/end/", views.team_end, name="team-end"),
    path("<id:person_id>/their-people/new/", views.network_add, name="network-add"),
    path("<id:person_id>/notes/new/", views.note_add, name="note-add"),
    path("<id:person_id>/restriction/", views.restriction, name="restriction"),
    path("<id:person_id>/sharing/", views.sharing, name="sharing"),
    path("<id:person_id>/subject-access/", views.subject_access, name="subject-access"),
    path("<id:person_id>/sharing/new/", views.sharing_add, name="sharing-add"),
    path(
        "<id:person_id>/sharing/<id:consent_id>/revoke/",
        views.sharing_revoke,
        name="sharing-revoke",
    ),
]
