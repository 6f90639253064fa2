"""``python -m onething cityops_mark_offline``: mark offline every online device silent
longer than its own interval, each opening its ``offline`` event (closed when the device
is heard again). Run it every minute from cron (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from onething.cityops.services.devices import devices_mark_offline


class Command(BaseCommand):
    help = "Mark the devices silent longer than their interval offline (an event each)."

    def handle(self, *args, **options):
        count = devices_mark_offline()
        if options["verbosity"]:
            self.stdout.write(f"devices gone offline: {count}")
