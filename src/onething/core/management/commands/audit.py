from django.core.management.base import BaseCommand, CommandError

from onething.core.selectors.audit import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` checks every hash chain and reports each break."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action: str, **options):
        checked, breaks = audit_verify()
        if breaks:
            for b in breaks:
                where = f"chain {b.shard}" + (f" entry #{b.seq} (id {b.entry_id})" if b.seq else "")
                self.stderr.write(f"BROKEN {where}: {b.problem}")
            raise CommandError(f"audit log: {len(breaks)} break(s) in {checked} entries")
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {checked} entries verified"))
