"""`joinedup refresh_figures`: work out the needs analysis and department figures now.

For a nightly schedule (cron or a timer) and after a bulk load, so the first reader of the day
finds them ready; pages otherwise ask the background worker when the records have moved on.
"""

import time

from django.core.management.base import BaseCommand

from joinedup.insight import figures


class Command(BaseCommand):
    help = "Work out the needs analysis and department figures now (pages read them)."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def say(fraction, words):
            self.stdout.write(f"{fraction:4.0%} {words}")

        kept = figures.refresh(say)
        self.stdout.write(f"{kept} sets of figures kept, in {time.perf_counter() - started:.1f} s.")
