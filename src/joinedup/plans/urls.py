from django.urls import path

from joinedup.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("print/", views.plan_print, name="print"),
    path("what-matters/", views.what_matters, name="what-matters"),
    path("steps/new/", views.step_form, name="step-new"),
    path("steps/<id:step_id>/", views.step_form, name="step"),
    path("steps/<id:step_id>/move/", views.step_move, name="step-move"),
    path("key-dates/new/", views.transition_new, name="transition-new"),
]
