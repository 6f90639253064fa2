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


# A whole city for three years (--city): the seeds' scale (93.8万 one-thing cases in half
# a year: about 2 million cases a year), every appeal channel, the honour cards' gates.
CITY = {"cases": 6_000_000, "appeals": 3_000_000, "swipes": 10_000_000, "months": 36}


class Command(BaseCommand):
    help = (
        "Add realistic generated records to the database, fast (COPY on PostgreSQL), on top "
        "of the demo city (`python -m onething demo` first): cases (--cases, numbers GN…), "
        "appeals (--appeals, GA…), honour-card swipes with their ledger (--swipes, GS…), or "
        "a whole city (--city: 6M cases, 3M appeals, 10M swipes over 36 months; --scale "
        "shrinks or grows it); then rebuild the roll-ups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=_positive("cases"), default=None)
        parser.add_argument("--appeals", type=_positive("appeals"), default=None)
        parser.add_argument("--swipes", type=_positive("swipes"), default=None)
        parser.add_argument(
            "--bundles",
            type=_positive("bundles"),
            default=None,
            help="one-thing runs (GN…), shared by the demo's popularity of each one-thing",
        )
        parser.add_argument("--city", action="store_true", help="a whole city (see above)")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="with --city: a share of the city's size"
        )
        parser.add_argument("--seed", type=int, default=None, help="repeatable draws")
        parser.add_argument("--months", type=_positive("months"), default=24)
        parser.add_argument(
            "--applicants",
            type=_positive("applicants"),
            default=None,
            help="size of the applicant pool (default: min(cases, 10000))",
        )
        parser.add_argument("--chunk", type=_positive("chunk"), default=50_000)

    def handle(self, *args, cases, appeals, swipes, city, scale, seed, months, chunk, **options):
        bundles = options.get("bundles")
        if city:
            if not 0 < scale <= 10:
                raise CommandError("--scale is a share from 0 to 10 (0.01 is one hundredth)")
            cases = cases or max(1, int(CITY["cases"] * scale))
            appeals = appeals or max(1, int(CITY["appeals"] * scale))
            swipes = swipes or max(1, int(CITY["swipes"] * scale))
            months = CITY["months"] if months == 24 else months
        if not (cases or appeals or swipes or bundles):
            raise CommandError(
                "Say what to generate: --cases, --appeals, --swipes, --bundles or --city."
            )
        started = time.perf_counter()
        if cases:
            self._cases(cases, seed, months, options["applicants"], chunk)
        if appeals:
            self._appeals(appeals, seed, months, chunk)
        if swipes:
            self._swipes(swipes, seed, months, chunk)
        if bundles:
            self._bundles(bundles, seed, months, chunk)
        self.stdout.write(self.style.SUCCESS(f"all done in {time.perf_counter() - started:.1f} s"))

    def _appeals(self, appeals, seed, months, chunk):
        from onething.appeals.generate import appeals_generate

        self.stdout.write(f"appeals: {appeals:,} over {months} months")
        try:
            report = appeals_generate(
                appeals=appeals, months=months, seed=seed, chunk=chunk, log=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for phase, seconds in report.phases.items():
            self.stdout.write(f"  {phase:<28} {seconds:8.1f} s")
        spread = ", ".join(f"{k} {v:,}" for k, v in sorted(report.statuses.items()))
        self.stdout.write(
            f"  {report.appeals:,} appeals, {report.replies:,} replies; statuses: {spread}"
        )

    def _bundles(self, bundles, seed, months, chunk):
        from onething.bundles.generate import NoDemoBase, runs_generate
        from onething.cases.generate.plan import month_starts
        from onething.core import clock
        from onething.demo.bundles.handled import popular_counts

        today = clock.today()
        first = month_starts(today, months)[0]
        self.stdout.write(f"one-thing runs: {bundles:,} from {first} to {today}")
        started = time.perf_counter()
        try:
            report = runs_generate(
                counts=popular_counts(bundles),
                date_from=first,
                date_to=today,
                seed=seed,
                chunk=chunk * 2,
                log=self.stdout.write,
            )
        except NoDemoBase as exc:
            raise CommandError(
                f"The demo city's base is missing ({exc}): run `python -m onething demo` first."
            ) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for phase, seconds in report.phases.items():
            self.stdout.write(f"  {phase:<28} {seconds:8.1f} s")
        spread = ", ".join(f"{k} {v:,}" for k, v in report.statuses.items())
        self.stdout.write(
            f"  {report.runs:,} runs in {time.perf_counter() - started:.1f} s; statuses: "
            f"{spread}; roll-up: {report.tally_rows:,} rows"
        )

    def _swipes(self, swipes, seed, months, chunk):
        from onething.cards.generate import swipes_generate

        self.stdout.write(f"swipes: {swipes:,} over {months} months")
        try:
            report = swipes_generate(
                swipes=swipes, months=months, seed=seed, chunk=chunk * 2, log=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for phase, seconds in report.phases.items():
            self.stdout.write(f"  {phase:<28} {seconds:8.1f} s")
        self.stdout.write(f"  {report.swipes:,} swipes, {report.allowed:,} allowed")

    def _cases(self, cases, seed, months, applicants, chunk):
        started = time.perf_counter()
        self.stdout.write(f"cases: {cases:,} over {months} months")
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
