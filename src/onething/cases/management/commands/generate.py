import time

from django.core.management.base import BaseCommand, CommandError

from onething.cases.generate import NoDemoBase, cases_generate


def _positive(name: str):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise CommandError(f"--{name} must be a whole number, not {value!r}") from None
        if number < 1:
            raise CommandError(f"--{name} must be at least 1 (got {number})")
        return number

    return parse


class Command(BaseCommand):
    help = (
        "Add realistic generated cases (over the last --months months, with ratings) to the "
        "database, fast (COPY on PostgreSQL), on top of the demo city "
        "(`python -m onething demo` first); then rebuild the roll-ups. Numbers start with GN."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=_positive("cases"), required=True)
        parser.add_argument("--seed", type=int, default=None, help="repeatable draws")
        parser.add_argument("--months", type=_positive("months"), default=24)
        parser.add_argument(
            "--applicants",
            type=_positive("applicants"),
            default=None,
            help="size of the applicant pool (default: min(cases, 10000))",
        )
        parser.add_argument("--chunk", type=_positive("chunk"), default=50_000)

    def handle(self, *args, cases, seed, months, applicants, chunk, **options):
        started = time.perf_counter()
        try:
            report = cases_generate(
                cases=cases,
                seed=seed,
                months=months,
                applicants=applicants,
                chunk=chunk,
                log=self.stdout.write,
            )
        except NoDemoBase as exc:
            raise CommandError(
                f"The demo city's base is missing ({exc}): run `python -m onething demo` first."
            ) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        total = time.perf_counter() - started
        for phase, seconds in report.phases.items():
            self.stdout.write(f"  {phase:<28} {seconds:8.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.cases:,} cases, {report.evaluations:,} ratings, "
                f"{report.rectifications:,} rectifications in {total:.1f} s "
                f"({report.cases / total:,.0f} cases/s); roll-ups: "
                f"{report.tallies.get('month_rows', 0):,} month rows, "
                f"{report.tallies.get('due_rows', 0):,} due-date rows"
            )
        )
        spread = ", ".join(f"{k} {v:,}" for k, v in sorted(report.statuses.items()))
        self.stdout.write(f"  statuses: {spread}")
