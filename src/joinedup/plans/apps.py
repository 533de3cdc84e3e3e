from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "joinedup.plans"
    label = "plans"
    verbose_name = "Support plans and transitions"

    def ready(self):
        from joinedup.plans import subject_access, timeline  # noqa: F401 (register entries)
