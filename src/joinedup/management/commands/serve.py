from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from waitress import serve


class Command(BaseCommand):
    help = "Serve joinedup with waitress (a production WSGI server) on HOST:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, host, port, threads, **options):
        call_command("check", fail_level="ERROR")
        if not settings.DEBUG and not getattr(settings, "WHITENOISE_USE_FINDERS", False):
            call_command("collectstatic", interactive=False, verbosity=0)
        # Load the application only now: whitenoise indexes the collected files when it starts.
        from joinedup.wsgi import application

        self.stdout.write(f"Serving joinedup on http://{host}:{port}/ (Ctrl+C to stop)")
        serve(application, host=host, port=port, threads=threads, ident="joinedup")
