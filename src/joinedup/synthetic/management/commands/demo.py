import base64
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from joinedup.accounts.models import User
from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.people import queries as people_queries
from joinedup.synthetic.area import load_parameters


class Command(BaseCommand):
    help = (
        "Migrate, build the synthetic area if the database is empty, print sign-ins, and serve "
        "it with the background worker beside it (stopped when the demo stops)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up, print, then stop.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Serve without the background worker."
        )

    def handle(self, people, seed, port, no_serve, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not Organisation.objects.exists():
            self.stdout.write(f"Building the synthetic area ({people} people, seed {seed})...")
            call_command("generate", people=people, seed=seed)
        self._print_sign_ins(port)
        if no_serve:
            return
        worker = None if no_worker else self._start_worker()
        # Stopped by SIGTERM as by Ctrl+C: the worker is stopped too, not left behind.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("serve", host="127.0.0.1", port=port)
        finally:
            if worker is not None:
                worker.terminate()  # it finishes the job in hand, if any, then stops
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _start_worker(self):
        """The background worker (linkage runs, imports, reports) as a child process, with
        the same settings and database, so one command still runs the whole demo."""
        self.stdout.write("Starting the background worker (joinedup worker)...")
        return subprocess.Popen(
            [sys.executable, "-m", "joinedup.cli", "worker", "--verbosity", "0"]
        )

    def _print_sign_ins(self, port):
        params = load_parameters()
        self.stdout.write(
            f"\nSign in at http://127.0.0.1:{port}/ as any of these (synthetic data only):\n"
        )
        self.stdout.write(f"  password for every account: {params['demo_password']}\n")
        self.stdout.write(f"  {'role':<18} {'email':<28} {'organisation':<54} authenticator key")
        named = [u["name"] for o in params["organisations"] for u in o.get("users", [])]
        order = {role: n for n, role in enumerate(Role.values)}
        rows = []
        for user in User.objects.filter(full_name__in=named).prefetch_related(
            "memberships__organisation", "totpdevice_set"
        ):
            membership = user.memberships.all()[0]
            device = next(iter(user.totpdevice_set.all()), None)
            key = base64.b32encode(device.bin_key).decode() if device else "not needed"
            rows.append((order[membership.role], membership, user, key))
        for _, membership, user, key in sorted(rows, key=lambda r: (r[0], r[2].email)):
            self.stdout.write(
                f"  {membership.get_role_display():<18} {user.email:<28} "
                f"{membership.organisation.name:<54} {key}"
            )
        person = people_queries.accounts_of_people().first()
        if person:
            device = person.account.totpdevice_set.first()
            key = base64.b32encode(device.bin_key).decode() if device else ""
            self.stdout.write(
                f"  {'Person (own view)':<18} {person.account.email:<28} "
                f"{'(' + person.full_name + ', signed in as themselves)':<54} {key}"
            )
        self.stdout.write(
            "\n  Roles that see named people ask for a 6-digit code: the demo shows it on the"
            "\n  code page, or add the key above to any authenticator app.\n"
        )
