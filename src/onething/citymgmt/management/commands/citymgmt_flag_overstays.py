"""``python -m onething citymgmt_flag_overstays``: flag every car still in a shared car
park past its window's end plus the grace (错时共享车位 overstays). Run it every 5 minutes
from cron (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from onething.citymgmt.services.parking import overstays_flag


class Command(BaseCommand):
    help = "Flag the stays of shared car parks past their window's end plus the grace."

    def handle(self, *args, **options):
        count = overstays_flag()
        if options["verbosity"]:
            self.stdout.write(f"overstays flagged: {count}")
