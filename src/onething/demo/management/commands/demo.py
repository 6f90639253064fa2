from django.core.management.base import BaseCommand

from onething.demo import build


class Command(BaseCommand):
    help = (
        "Load the demo city (idempotent: a second run changes nothing): the configuration, "
        "the history the seeds date, and a live layer up to now (onething.demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the accounts.")

    def handle(self, *args, quiet: bool = False, **options):
        accounts = build(lambda msg: self.stdout.write(f"  {msg}"))
        if not quiet and accounts:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo accounts (one per role):"))
            width = max(len(a["username"]) for a in accounts)
            for a in accounts:
                self.stdout.write(
                    f"  {a['role']:<12} {a['username']:<{width}}  {a['password']:<12} {a['note']}"
                )
