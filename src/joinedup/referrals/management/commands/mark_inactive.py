from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.referrals import by_name_list


class Command(BaseCommand):
    help = (
        "Mark active people with no recorded contact for INACTIVE_AFTER_DAYS as inactive on the "
        "by-name list (run daily). People on hold, in custody or in hospital are left alone."
    )

    def handle(self, **options):
        count = by_name_list.mark_inactive()
        days = settings.INACTIVE_AFTER_DAYS
        self.stdout.write(f"{count} person(s) with no contact for {days} days marked inactive.")
