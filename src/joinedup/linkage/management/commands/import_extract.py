"""`joinedup import_extract FILE...`: bring agency extracts in as source records, with progress."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.linkage import services
from joinedup.linkage.importing import parse_mapping
from joinedup.linkage.models import ImportBatch


class Command(BaseCommand):
    help = "Import agency extracts (CSV or XLSX) as source records (idempotent by source id)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="load the good rows of a file with errors, reporting the bad",
        )
        parser.add_argument(
            "--map",
            default="",
            help="their headers to ours, e.g. 'Surname=last_name,DOB=date_of_birth'",
        )

    def handle(self, *args, **opts):
        mode = ImportBatch.Mode.SKIP if opts["skip_bad_rows"] else ImportBatch.Mode.REJECT
        failed = False
        for name in opts["files"]:
            path = Path(name)
            if not path.exists():
                raise CommandError(f"{name}: no such file")
            batch = services.start_import(
                path.name, path.read_bytes(), mode=mode, mapping=parse_mapping(opts["map"])
            )
            for problem in batch.errors:
                self.stderr.write(
                    f"{problem['file']}, row {problem['row']}, column {problem['column']}: "
                    f"{problem['reason']}"
                )
            while not batch.finished:
                services.import_step(batch)
                bar = "#" * (batch.percent // 4)
                self.stdout.write(f"\r{path.name} [{bar:<25}] {batch.percent:3d}%", ending="")
            self.stdout.write("")
            if batch.status == ImportBatch.Status.REJECTED:
                failed = True
                self.stderr.write(
                    f"{path.name}: rejected, nothing loaded ({len(batch.errors)} errors)"
                )
            else:
                self.stdout.write(
                    f"{path.name}: {batch.created} new, {batch.updated} changed, "
                    f"{batch.unchanged} unchanged, {batch.skipped} bad rows skipped"
                )
        if failed:
            raise CommandError("some files were rejected; fix them or use --skip-bad-rows")
