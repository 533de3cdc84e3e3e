from django.core.management.base import BaseCommand, CommandError

from joinedup import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE: pg_dump's custom format on PostgreSQL, SQLite's "
        "backup API on SQLite. FILE appears only once the backup is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            self.stdout.write(f"Backed up {backups.backup(file)}")
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
