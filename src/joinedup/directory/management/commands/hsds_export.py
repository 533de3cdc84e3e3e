"""Export the directory as HSDS JSON (a file) or the tabular datapackage (a folder)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from joinedup.directory import interchange


class Command(BaseCommand):
    help = "Export the directory as Open Referral HSDS 3: JSON, or a CSV datapackage."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="a .json file, or a folder for the datapackage")
        parser.add_argument("--format", choices=["json", "datapackage"], default=None)

    def handle(self, out, format=None, **options):
        fmt = format or ("json" if out.suffix == ".json" else "datapackage")
        if fmt == "json":
            interchange.write_json(out)
        else:
            interchange.write_datapackage(out)
        self.stdout.write(f"Wrote the directory as HSDS {fmt} to {out}")
