from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_frameworks(sender, **kwargs):
    from joinedup.assessment import frameworks_data

    frameworks_data.load()


class AssessmentConfig(AppConfig):
    name = "joinedup.assessment"
    label = "assessment"
    verbose_name = "Self-assessment, gaps and barriers"

    def ready(self):
        # The shipped frameworks are loaded after every migrate, so every database has them.
        post_migrate.connect(_load_frameworks, sender=self)
        from joinedup.assessment import subject_access  # noqa: F401 (registers export, anonymiser)
