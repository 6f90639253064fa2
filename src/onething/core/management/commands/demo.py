from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo city (idempotent: a second run changes nothing). Each app with a "
        "`demo` module contributes, in the order of INSTALLED_APPS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the accounts.")

    def handle(self, *args, quiet: bool = False, **options):
        accounts = []
        for config in apps.get_app_configs():
            if not config.name.startswith("onething."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                made = module.load(log=lambda msg: self.stdout.write(f"  {msg}"))
            accounts += made or []
        if not quiet and accounts:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo accounts (one per role):"))
            width = max(len(a["username"]) for a in accounts)
            for a in accounts:
                self.stdout.write(
                    f"  {a['role']:<12} {a['username']:<{width}}  {a['password']:<12} {a['note']}"
                )
