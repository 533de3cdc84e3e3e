from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    label = "referrals"
    verbose_name = "Referrals and panel"

    def ready(self):
        from joinedup.referrals import person_panel  # noqa: F401 (registers the page panel)
