from django.urls import path

from joinedup.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/access/", views.person_access_history, name="access-history"),
    path("<int:person_id>/timeline/", views.person_timeline, name="timeline"),
]
