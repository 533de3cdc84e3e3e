from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "joinedup.linkage"
    label = "linkage"
    verbose_name = "Record linkage"

    def ready(self):
        from joinedup.jobs.signals import job_failed
        from joinedup.linkage import subject_access  # noqa: F401 (registers export, anonymiser)
        from joinedup.linkage.tasks import run_failed

        job_failed.connect(run_failed, dispatch_uid="linkage-run-failed")
