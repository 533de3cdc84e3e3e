from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.people import retention


class Command(BaseCommand):
    help = (
        "Anonymise people whose records closed more than RETENTION_DAYS_AFTER_CLOSURE days ago. "
        "The access log is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, dry_run, **options):
        count = retention.run(dry_run=dry_run)
        days = settings.RETENTION_DAYS_AFTER_CLOSURE
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{count} record(s) closed more than {days} days ago {verb}.")
