from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "joinedup.costs"
    label = "costs"
    verbose_name = "Service use and costs"

    def ready(self):
        from joinedup.costs import subject_access, timeline  # noqa: F401 (register entries)
