from django.urls import path

from joinedup.costs import views

app_name = "costs"
urlpatterns = [
    path("", views.register_page, name="register"),
    path("history/", views.history, name="history"),
    path("load/", views.load, name="load"),
    path("kinds/<slug:kind>/", views.kind_page, name="kind"),
    path("kinds/<slug:kind>/add/", views.add, name="add"),
    path("kinds/<slug:kind>/choose/", views.choose, name="choose"),
    path("entries/<id:entry_id>/edit/", views.edit, name="edit"),
]
