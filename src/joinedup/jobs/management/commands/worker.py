"""`joinedup worker`: run the background worker (linkage runs, imports, large reports).

First fails the jobs of a worker that died (killed, or the machine restarted), so their pages
say so instead of waiting for ever; then runs django-tasks' database worker, which takes
queued work from the database one job at a time. Stop it with Ctrl+C (or SIGTERM): it finishes
the job in hand first; press Ctrl+C again to stop at once (the job is then failed cleanly).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from joinedup.jobs import services


class Command(BaseCommand):
    help = "Run the background worker that does linkage runs, imports and large reports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="do the work already queued, then stop"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks for new work"
        )

    def handle(self, batch, interval, verbosity, **options):
        dead = services.reap()
        if dead and verbosity:
            self.stdout.write(f"Marked {dead} job(s) failed: their worker had stopped.")
        if verbosity:
            self.stdout.write(f"Background worker {services.worker_id()} waiting for work.")
        args = ["--no-reload", "--no-startup-delay", "--queue-name", "*"]
        args += ["--interval", str(interval), "--worker-id", services.worker_id()]
        call_command("db_worker", *args, *(["--batch"] if batch else []), verbosity=verbosity)
