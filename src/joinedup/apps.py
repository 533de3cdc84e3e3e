from django.apps import AppConfig


class JoinedupConfig(AppConfig):
    name = "joinedup"
    verbose_name = "joinedup"

    def ready(self):
        # Every form's error messages name their field (GOV.UK error summary).
        from joinedup import form_errors

        form_errors.install()
