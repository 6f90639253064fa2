"""``python -m onething tallies``: compare the case roll-ups with a recount of the cases
(``--rebuild``: replace them with it, after a bulk load or a restore that bypassed the
services)."""

from django.core.management.base import BaseCommand

from onething.cases.services.tallies import tallies_differences, tallies_rebuild


class Command(BaseCommand):
    help = "Check the case roll-ups against a recount of the cases; --rebuild replaces them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Replace the roll-ups with a recount."
        )

    def handle(self, *args, rebuild: bool = False, **options):
        if rebuild:
            written = tallies_rebuild()
            self.stdout.write(
                f"rebuilt: {written['month_rows']} month rows, {written['due_rows']} due-date rows"
            )
        differences = tallies_differences()
        for d in differences[:20]:
            self.stdout.write(
                f"  {d['table']} {d['key']}: stored {d['stored']}, counted {d['counted']}"
            )
        if differences:
            self.stderr.write(f"{len(differences)} roll-up rows differ from a recount")
            raise SystemExit(1)
        self.stdout.write("the roll-ups agree with a recount of the cases")
