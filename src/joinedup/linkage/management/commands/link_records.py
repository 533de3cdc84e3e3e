"""`joinedup link_records`: a linkage run over the source records in the database."""

from django.core.management.base import BaseCommand, CommandError

from joinedup.jobs.services import AlreadyRunning
from joinedup.linkage import tasks


class Command(BaseCommand):
    help = "Train, score and cluster the imported source records, and link them to people."

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float, default=None)
        parser.add_argument("--review-threshold", type=float, default=None)
        parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")

    def handle(self, *args, **opts):
        try:
            run = tasks.run_here(
                lambda r: self.stdout.write(
                    f"run {r.pk} [{'#' * (r.percent // 4):<25}] {r.percent}%"
                ),
                match_threshold=opts["threshold"],
                review_threshold=opts["review_threshold"],
                backend=opts["backend"],
            )
        except AlreadyRunning as exc:
            raise CommandError(
                f"a linkage run is already under way ({exc.job}): one run at a time"
            ) from None
        self.stdout.write(f"run {run.pk}: {run.stats}")
