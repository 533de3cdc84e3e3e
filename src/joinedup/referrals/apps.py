from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    label = "referrals"
    verbose_name = "Referrals and panel"

    def ready(self):
        from joinedup.people import access
        from joinedup.referrals.access import panel_agenda_grant

        access.register_grant("panel agenda", panel_agenda_grant)
        from joinedup.referrals import person_panel  # noqa: F401 (registers the page panel)
