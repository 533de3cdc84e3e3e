from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "joinedup.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self):
        from joinedup.commissioning import subject_access  # noqa: F401 (registers exporters)
