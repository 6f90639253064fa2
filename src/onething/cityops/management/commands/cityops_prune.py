"""``python -m onething cityops_prune``: delete the devices' readings older than
``ONETHING_READINGS_KEEP_DAYS`` (default 400) and the minute roll-ups older than
``ONETHING_ROLLUPS_KEEP_DAYS`` (default 1100), in bounded transactions
(services/retention.py). Run it daily from cron (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError

from onething.cityops.services.retention import readings_prune


class Command(BaseCommand):
    help = "Delete the readings and minute roll-ups older than they are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--readings-days", type=int, default=None, help="Keep readings this many days."
        )
        parser.add_argument(
            "--rollups-days", type=int, default=None, help="Keep roll-ups this many days."
        )

    def handle(self, *args, readings_days=None, rollups_days=None, **options):
        try:
            pruned = readings_prune(readings_days=readings_days, rollups_days=rollups_days)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                f"deleted {pruned.readings} readings taken before "
                f"{pruned.readings_before:%Y-%m-%d %H:%M} UTC and {pruned.rollups} minute "
                f"roll-ups before {pruned.rollups_before:%Y-%m-%d %H:%M} UTC"
            )
