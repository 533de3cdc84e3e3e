from django.core.management.base import BaseCommand, CommandError

from joinedup import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `joinedup backup` into the database DATABASE_URL names, in "
        "one transaction. A database that is not empty is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database holds with the backup",
        )

    def handle(self, file, force, **options):
        try:
            self.stdout.write(backups.restore(file, force=force).capitalize())
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
