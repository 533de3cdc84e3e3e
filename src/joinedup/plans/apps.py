from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "joinedup.plans"
    label = "plans"
    verbose_name = "Support plans and transitions"

    def ready(self):
        from joinedup.plans import timeline  # noqa: F401 (registers plan entries on the timeline)
