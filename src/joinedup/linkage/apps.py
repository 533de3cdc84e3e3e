from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "joinedup.linkage"
    label = "linkage"
    verbose_name = "Record linkage"

    def ready(self):
        from joinedup.linkage import subject_access  # noqa: F401 (registers export, anonymiser)
