from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        # Register the people's own timeline entries and subject-access exporters.
        from joinedup.people import subject_access, timeline  # noqa: F401
