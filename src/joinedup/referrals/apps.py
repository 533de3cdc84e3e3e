from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    label = "referrals"
    verbose_name = "Referrals and panel"

    def ready(self):
        # The person page's panel, timeline and export; the ecosystem map's referral ties.
        from joinedup.referrals import network, person_panel  # noqa: F401
