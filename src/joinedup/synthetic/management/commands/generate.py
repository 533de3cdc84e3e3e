from django.core.management.base import BaseCommand, CommandError

from joinedup.synthetic.generator import generate


class Command(BaseCommand):
    help = (
        "Build a synthetic local area (organisations, staff, people, panel) in an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, people, seed, **options):
        if people < 1:
            raise CommandError("--people must be at least 1")
        try:
            summary = generate(people=people, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Generated {summary.organisations} organisations, {summary.users} staff, "
            f"{summary.people} people, {summary.involvements} involvements, "
            f"{summary.consents} consents (seed {seed})."
        )
