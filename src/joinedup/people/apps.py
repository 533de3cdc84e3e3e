from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from joinedup.people import timeline  # noqa: F401 (registers the people's own entries)
