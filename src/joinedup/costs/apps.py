from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "joinedup.costs"
    label = "costs"
    verbose_name = "Service use and costs"
