from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "joinedup.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
