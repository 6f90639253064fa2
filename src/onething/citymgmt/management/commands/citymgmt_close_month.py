"""``python -m onething citymgmt_close_month``: close last month's street scores if the
city-management office has not (every street with any data gets its monthly score). Run
it from cron early each month (docs/deploy.md); ``--month YYYY-MM`` closes that month
instead. A month closed already is left as it is."""

from django.core.management.base import BaseCommand, CommandError

from onething.citymgmt.rules.scoring import parse_month
from onething.citymgmt.services.scoring import month_close, month_close_last
from onething.core.errors import Conflict
from onething.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Close last month's street scores (新街·吴韵) if nobody has."

    def add_arguments(self, parser):
        parser.add_argument("--month", default="", help="YYYY-MM (default: last month)")

    def handle(self, *args, **options):
        try:
            if options["month"]:
                month = parse_month(options["month"])
                if month is None:
                    raise CommandError("--month is written YYYY-MM")
                closed = month_close(actor=SYSTEM, month=month)
            else:
                closed = month_close_last(actor=SYSTEM)
        except Conflict as refused:
            if refused.code != "month_closed":
                raise CommandError(refused.message) from None
            closed = None
        if options["verbosity"]:
            if closed is None:
                self.stdout.write("nothing to close: the month is closed already")
            else:
                self.stdout.write(f"closed {closed.month:%Y-%m}: {closed.streets} streets scored")
