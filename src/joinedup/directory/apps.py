from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "joinedup.directory"
    label = "directory"
    verbose_name = "Directory of organisations and services"

    def ready(self):
        # The directory's own edge source (declared links) registers on import.
        from joinedup.directory import network  # noqa: F401
