"""``python -m onething training_expire_offers``: expire the institute's offers not
answered by their deadline; each cohort's freed places go to the top of its waiting list
(new offers, each with its own deadline). Run it every 10 minutes from cron
(docs/deploy.md)."""

from django.core.management.base import BaseCommand

from onething.training.services.offers import offers_expire


class Command(BaseCommand):
    help = "Expire the training offers past their deadline and move the waiting lists up."

    def handle(self, *args, **options):
        count = offers_expire()
        if options["verbosity"]:
            self.stdout.write(f"offers expired: {count}")
