from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "joinedup.assessment"
    label = "assessment"
    verbose_name = "Self-assessment, gaps and barriers"
