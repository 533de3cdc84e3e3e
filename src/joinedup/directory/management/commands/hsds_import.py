"""Import HSDS JSON or a tabular datapackage; all or nothing, idempotent by id."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.directory import interchange


class Command(BaseCommand):
    help = "Import Open Referral HSDS 3 JSON (a file) or a datapackage (a folder)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, path, **options):
        try:
            counts = interchange.import_path(path)
        except interchange.ImportProblem as problem:
            raise CommandError(f"Nothing was imported. {problem}") from None
        summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
        self.stdout.write(f"Imported {summary or 'nothing'} from {path}")
