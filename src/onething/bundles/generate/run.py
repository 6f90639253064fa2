"""The load: the applicants, then the runs day by day in chunks (drawn, then written),
one audit entry for the load, the runs added to the daily roll-up — in one transaction —
then VACUUM ANALYZE on PostgreSQL. Each phase is timed."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from onething.core import clock
from onething.core.bulk import checks_deferred, reserve_ids, settle, write_rows
from onething.core.models import User
from onething.core.permissions import SYSTEM
from onething.core.rollups import rollup_add
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record
from onething.core.services.numbering import next_in_sequence
from onething.core.workdays import WorkdayTable

from ..models import BundleRun, BundleTally
from ..services.tallies import KEYS, MEASURES
from .plan import CONCLUDED, DAY, STOPPED, WITHDRAWN, IntakeDays, Shape, Timeline, live
from .world import Places, pool_ensure, targets

NUMBER_PREFIX = "GN"  # GN<load>-<yyyymmdd>-<n>; numbers the services issue start with a digit
RUN_SEQUENCE = "bundles:generator-run"
DEFAULT_APPLICANTS = 3_000
DEFER_INDEXES_FROM = 200_000  # from this size, the run table's indexes are built after
LATE_DAYS = 120  # the working-day table reaches this far past the period (conclusions)
COLUMNS = (
    "id",
    "number",
    "bundle_id",
    "applicant_id",
    "enterprise_id",
    "submitted_by_id",
    "region_id",
    "status",
    "form_data",
    "form_personal",
    "delivery",
    "delivery_address",
    "started_at",
    "milestone_at",
    "concluded_at",
    "stopped_at",
    "stopped_reason",
)


@dataclass
class Report:
    load: int
    runs: int = 0
    applicants: int = 0
    new_people: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    tally_rows: int = 0


def check_columns() -> None:
    """Every concrete field of BundleRun is written (a new field fails here loudly)."""
    fields = {f.attname for f in BundleRun._meta.concrete_fields}
    if fields != set(COLUMNS):
        raise RuntimeError(f"the generator writes {sorted(COLUMNS)}, the model has {fields}")


def runs_generate(
    *,
    counts: Mapping[str, int],
    date_from: dt.date,
    date_to: dt.date,
    seed: int | None = None,
    profiles: Mapping[str, Mapping[int, float]] | None = None,
    applicants: int = DEFAULT_APPLICANTS,
    chunk: int = 100_000,
    shape: Shape | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> Report:
    """Add exactly ``counts[code]`` generated runs of each one-thing, taken in on the
    working days from ``date_from`` to ``date_to`` (yesterday at the latest; a one-thing's
    ``profiles`` weighs the months its way), and add them to the daily roll-up as the
    services would have, one row per day, one-thing and region. Generated runs are
    figures' data: no steps, cases, materials, messages or entries of their own (one
    ``run.generate`` entry for the load), numbers starting with ``GN``."""
    today = clock.today()
    if any(n < 0 for n in counts.values()):
        raise ValueError("counts are not negative")
    if date_from > date_to:
        raise ValueError("the period ends before it starts")
    last = min(date_to, today - dt.timedelta(days=1))  # whole days only: none after now
    if date_from > last:
        raise ValueError("the period lies in the future")
    if applicants < 1 or chunk < 1:
        raise ValueError("applicants and chunk must be at least 1")
    check_columns()
    shape, profiles = shape or Shape(), profiles or {}
    rng = random.Random(seed)
    now = int(clock.now().timestamp())
    with transaction.atomic():
        load = next_in_sequence(RUN_SEQUENCE)
        report = Report(load=load)
        t0 = time.perf_counter()
        places = Places()
        wanted = targets(counts, places)
        needed = [t for code, t in wanted.items() if counts[code]]
        pool, report.new_people = pool_ensure(rng, places, applicants, needed)
        report.applicants = sum(len(v) for v in pool.by_region.values())
        end = last + dt.timedelta(days=LATE_DAYS)
        timeline = Timeline(WorkdayTable(date_from, end, official_calendar()))
        days = IntakeDays(timeline, date_from, last)
        report.phases["applicants and calendar"] = time.perf_counter() - t0
        log(f"load {load}: {report.applicants} applicants ({report.new_people} new)")
        t0 = time.perf_counter()
        tally = _Tally(timeline)
        writer = _Writer(chunk, log)
        deferred = sum(counts.values()) >= DEFER_INDEXES_FROM
        with _roomy_cache():
            with _indexes_deferred(deferred):
                _draw(rng, load, counts, profiles, wanted, pool, places, days, now, shape,
                      report, tally, writer)  # fmt: skip
                writer.flush()
                drawn = time.perf_counter()
            if deferred:
                report.phases["indexes built"] = time.perf_counter() - drawn
        report.phases["draw runs (Python)"] = drawn - t0 - writer.seconds
        report.phases["write runs (COPY)" if _pg() else "write runs (bulk insert)"] = writer.seconds
        audit_record(
            actor=SYSTEM,
            action="run.generate",
            subject=("bundles.generator", str(load)),
            after={
                "runs": report.runs,
                "from": date_from,
                "to": date_to,
                "seed": seed,
                "statuses": report.statuses,
            },
        )
        t0 = time.perf_counter()
        report.tally_rows = tally.add()
        report.phases["roll-up added"] = time.perf_counter() - t0
    if _pg():
        t0 = time.perf_counter()
        settle([BundleRun._meta.db_table, BundleTally._meta.db_table, User._meta.db_table])
        report.phases["VACUUM ANALYZE"] = time.perf_counter() - t0
    return report


def _draw(rng, load, counts, profiles, wanted, pool, places, days, now, shape, report, tally,
          writer) -> None:  # fmt: skip
    """Each run's day first (one-thing by one-thing), then the runs day by day: written in
    the order of their numbers and moments, so that each index grows at its end."""
    per_day: dict[int, dict[str, int]] = {}
    for code in sorted(counts):
        profile = profiles.get(code)
        for _ in range(counts[code]):
            slot = per_day.setdefault(days.draw_day(rng, profile), {})
            slot[code] = slot.get(code, 0) + 1
    regions = {c: r.pk for c, r in places.by_code.items()}
    width = max(7, len(str(sum(counts.values()))))
    timeline = days.timeline
    applicants = {code: pool.drawer(wanted[code].regions) for code in counts if counts[code]}
    statuses: Counter[str] = Counter()
    for i in sorted(per_day):
        prefix = f"{NUMBER_PREFIX}{load:03d}-{timeline.days[i]:%Y%m%d}-"
        for code, n in sorted(per_day[i].items()):
            target, draw = wanted[code], applicants[code]
            for _ in range(n):
                who = draw(rng)
                started = days.moment_on(rng, i)
                life = live(rng, timeline, i, started, target.promised_days, now, shape)
                region = regions[who.region_code]
                writer.add(
                    (f"{prefix}{report.runs:0{width}d}", target.bundle_id, who.person_id,
                     who.user_id, region, started, life)
                )  # fmt: skip
                tally.count(started, target.bundle_id, region, life)
                statuses[life.status] += 1
                report.runs += 1
    report.statuses = dict(sorted(statuses.items()))


class _Tally:
    """The roll-up rows of the drawn runs, counted as the services count them: a run on
    the local day it was taken in, and on the day it ended under how it ended."""

    MEASURE = {CONCLUDED: 1, STOPPED: 2, WITHDRAWN: 3}  # the index in MEASURES

    def __init__(self, timeline: Timeline):
        self.offset = timeline.offset
        self.counts: Counter[tuple[int, int, int, int]] = Counter()

    def count(self, started: int, bundle: int, region: int, life) -> None:
        counts, offset = self.counts, self.offset
        counts[((started + offset) // DAY, bundle, region, 0)] += 1
        ended = life.concluded if life.concluded is not None else life.stopped
        if ended is not None:
            counts[((ended + offset) // DAY, bundle, region, self.MEASURE[life.status])] += 1

    def add(self) -> int:
        """Add the rows to the roll-up; how many rows."""
        rows: dict[tuple, list[int]] = {}
        epoch = dt.date(1970, 1, 1)
        for (day, bundle, region, measure), n in self.counts.items():
            key = (epoch + dt.timedelta(days=day), bundle, region)
            rows.setdefault(key, [0, 0, 0, 0])[measure] += n
        rollup_add(BundleTally, KEYS, MEASURES, [(*k, *v) for k, v in rows.items()])
        return len(rows)


class _Writer:
    """Writes the drawn runs in chunks; ``seconds``: the time spent writing."""

    def __init__(self, chunk: int, log: Callable[[str], None]):
        self.chunk, self.log = chunk, log
        self.batch: list[tuple] = []
        self.seconds = 0.0
        self.written = 0
        self._days: dict[int, str] = {}  # "YYYY-MM-DD " per day since the epoch
        zone = "+00" if _pg() else ""  # COPY reads the zone; SQLite stores none
        self._clock = [  # "HH:MM:SS" per second of the day: a lookup, not a format, per moment
            f"{h:02d}:{m:02d}:{sec:02d}{zone}"
            for h in range(24)
            for m in range(60)
            for sec in range(60)
        ]

    def add(self, row: tuple) -> None:
        self.batch.append(row)
        if len(self.batch) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        t0 = time.perf_counter()
        ids = reserve_ids(BundleRun, len(self.batch))
        text = self._text
        rows = [
            (i, number, bundle, person, None, user, region, life.status, "{}", "",
             "electronic", "", text(started), None, text(life.concluded), text(life.stopped),
             life.reason)
            for i, (number, bundle, person, user, region, started, life)
            in zip(ids, self.batch, strict=True)
        ]  # fmt: skip
        if _pg():
            write_rows(BundleRun, COLUMNS, rows)
        else:
            _insert_sqlite(rows)
        self.written += len(rows)
        self.batch = []
        self.seconds += time.perf_counter() - t0
        self.log(f"  {self.written:,} runs")

    def _text(self, moment: int | None) -> str | None:
        """A moment as the database stores it: UTC text (SQLite without a zone, as Django
        stores it; COPY with ``+00``)."""
        if moment is None:
            return None
        d, second = divmod(moment, DAY)
        day = self._days.get(d)
        if day is None:
            day = self._days[d] = f"{dt.date(1970, 1, 1) + dt.timedelta(days=d)} "
        return day + self._clock[second]


def _pg() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _roomy_cache(mebibytes: int = 256) -> Iterator[None]:
    """On SQLite, a page cache that holds the run table's indexes during the load (the
    default 2 MB has every insert read its index pages from the file again)."""
    if _pg():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * mebibytes}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def _indexes_deferred(big: bool) -> Iterator[None]:
    """For a large load, the run table's plain indexes dropped and built once after it,
    in the load's transaction (building an index from sorted keys is cheaper than a
    million insertions into it): on PostgreSQL with its foreign keys (core.bulk), on
    SQLite the indexes alone (the number's unique index stays)."""
    if not big:
        yield
        return
    if _pg():
        with checks_deferred([BundleRun]):
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [BundleRun._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def _insert_sqlite(rows: list[tuple]) -> None:
    """Plain ``executemany`` of parameter tuples (values as Django's SQLite backend stores
    them): no model instance per row, as ``bulk_create`` would build."""
    quote = connection.ops.quote_name
    by_attname = {f.attname: f for f in BundleRun._meta.concrete_fields}
    names = ", ".join(quote(by_attname[c].column) for c in COLUMNS)
    sql = (
        f"INSERT INTO {quote(BundleRun._meta.db_table)} ({names}) "
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
