from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        # Register the people's own timeline entries, subject-access exporters and anonymiser,
        # and its ties between organisations for the directory's ecosystem map.
        from joinedup.people import network, retention, subject_access, timeline  # noqa: F401
