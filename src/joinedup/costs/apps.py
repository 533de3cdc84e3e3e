from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "joinedup.costs"
    label = "costs"
    verbose_name = "Service use and costs"

    def ready(self):
        from joinedup.costs import timeline  # noqa: F401 (registers service use on the timeline)
