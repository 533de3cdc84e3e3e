from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_instruments(sender, **kwargs):
    from joinedup.measures import instruments

    instruments.load()


class MeasuresConfig(AppConfig):
    name = "joinedup.measures"
    label = "measures"
    verbose_name = "Measures and instruments"

    def ready(self):
        post_migrate.connect(_load_instruments, sender=self)
        from joinedup.measures import timeline  # noqa: F401 (registers timeline and export)
