from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    label = "referrals"
    verbose_name = "Referrals and panel"

    def ready(self):
        # The person page's panel, timeline, export and anonymiser; the ecosystem map's ties.
        from joinedup.referrals import network, person_panel, subject_access  # noqa: F401
