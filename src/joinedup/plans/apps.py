from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "joinedup.plans"
    label = "plans"
    verbose_name = "Support plans and transitions"
