from django.urls import path

from joinedup.plans import outcome_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("print/", views.plan_print, name="print"),
    path("what-matters/", views.what_matters, name="what-matters"),
    path("steps/new/", views.step_form, name="step-new"),
    path("steps/<id:step_id>/", views.step_form, name="step"),
    path("steps/<id:step_id>/move/", views.step_move, name="step-move"),
    path("key-dates/new/", views.transition_new, name="transition-new"),
    path("outcomes/new/", outcome_views.outcome_new, name="outcome-new"),
    path("outcomes.<fmt:fmt>", outcome_views.outcomes_export, name="outcomes-export"),
    path("outcomes/<id:outcome_id>/", outcome_views.outcome, name="outcome"),
    path("outcomes/<id:outcome_id>/change/", outcome_views.outcome_edit, name="outcome-edit"),
]
