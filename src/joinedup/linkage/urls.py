from django.urls import path

from joinedup.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.home, name="home"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/sample.csv", views.sample, name="sample"),
    path("imports/<id:batch_id>/", views.batch, name="batch"),
    path("imports/<id:batch_id>/step/", views.batch_step, name="batch-step"),
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/<id:run_id>/", views.run, name="run"),
    path("runs/<id:run_id>/progress/", views.run_progress, name="run-progress"),
    path("review/", views.review, name="review"),
    path("review/<id:pair_id>/", views.pair, name="pair"),
    path("history/", views.history, name="history"),
    path("links/<id:link_id>/undo/", views.undo_link, name="undo-link"),
    path("decisions/<id:decision_id>/undo/", views.undo_decision, name="undo-decision"),
    path("area/uncoordinated/", views.area, name="uncoordinated"),
]
