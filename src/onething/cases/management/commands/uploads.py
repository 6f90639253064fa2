"""``python -m onething uploads purge``: delete the uploads never attached to an application
(a file chosen with a refused form, or uploaded through the API and never submitted) once
they are older than ``ONETHING_PENDING_UPLOAD_HOURS`` (or ``--hours``), record and file.
Run it from cron (docs/deploy.md); ``make run`` runs it once at start."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from onething.cases.services.materials import materials_purge


class Command(BaseCommand):
    help = "Delete uploads never attached to an application, older than a day (see --hours)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge"])
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="Age in hours past which an unattached upload goes "
            "(default ONETHING_PENDING_UPLOAD_HOURS).",
        )

    def handle(self, *args, action: str, hours: int | None = None, **options):
        if hours is not None and hours < 1:
            raise CommandError("--hours is at least 1")
        older_than = dt.timedelta(hours=hours) if hours is not None else None
        count = materials_purge(older_than=older_than)
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"unattached uploads deleted: {count}")
