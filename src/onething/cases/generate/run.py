"""The load itself: applicants, then the cases in chunks (drawn, then written), their
ratings and rectifications, one audit entry for the run, the roll-ups rebuilt — in one
transaction — then VACUUM ANALYZE on PostgreSQL. Each phase is timed."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from onething.core import clock
from onething.core.bulk import checks_deferred, reserve_ids, settle, write_rows
from onething.core.models import Department, Region, Role, ServiceCenter, User
from onething.core.permissions import SYSTEM
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record
from onething.core.services.numbering import next_in_sequence
from onething.core.workdays import WorkdayTable

from ..models import Case, CaseDueTally, CaseTally, Evaluation, Rectification
from ..services.tallies import tallies_rebuild
from .plan import (
    FOLLOW_UP_NOTE,
    RECTIFICATION_RESULT,
    STREETS,
    Shape,
    SubmissionDays,
    channel_of,
    live,
    month_starts,
)
from .world import Applicant, NoDemoBase, World, applicants_ensure
from .write import (
    CASE_COLUMNS,
    EVALUATION_COLUMNS,
    RECTIFICATION_COLUMNS,
    check_columns,
    empty_form,
)

NUMBER_PREFIX = "GN"  # GN<run>-<yyyymmdd>-<n>; numbers the services issue start with a digit
RUN_SEQUENCE = "cases:generator-run"
DEFAULT_APPLICANTS = 10_000
DEFER_CHECKS_FROM = 200_000  # from this size, keys and indexes are rebuilt after (PG)
FUTURE_DAYS = 200  # the working-day table reaches this far past today (due dates)


@dataclass
class Report:
    run: int
    cases: int = 0
    evaluations: int = 0
    rectifications: int = 0
    applicants: int = 0
    new_people: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    tallies: dict[str, int] = field(default_factory=dict)


def check_base() -> None:
    """The demo base is there (``python -m onething demo``), else NoDemoBase."""
    missing = [
        name
        for name, model in (
            ("regions", Region),
            ("departments", Department),
            ("service centres", ServiceCenter),
        )
        if not model.objects.exists()
    ]
    if missing:
        raise NoDemoBase(", ".join(missing))


class _Batch:
    """One chunk of drawn rows."""

    def __init__(self):
        self.cases: list[tuple] = []
        self.ratings: list[tuple] = []  # (case index in chunk, rater, department, life)


def cases_generate(
    *,
    cases: int,
    seed: int | None = None,
    months: int = 24,
    applicants: int | None = None,
    chunk: int = 50_000,
    shape: Shape | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> Report:
    """Add ``cases`` generated cases over the last ``months`` months (see plan.py for their
    shape) to the database, with ratings, and rebuild the roll-ups."""
    if cases < 1:
        raise ValueError("cases must be at least 1")
    if not 1 <= months <= 120:
        raise ValueError("months must be between 1 and 120")
    if applicants is not None and applicants < 1:
        raise ValueError("applicants must be at least 1")
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    check_base()
    check_columns()
    shape = shape or Shape()
    rng = random.Random(seed)
    now = clock.now()
    today = clock.today()
    with transaction.atomic():
        run = next_in_sequence(RUN_SEQUENCE)
        report = Report(run=run)
        started = time.perf_counter()
        world = World(rng)
        pool, report.new_people = applicants_ensure(
            rng, world, applicants or min(cases, DEFAULT_APPLICANTS)
        )
        report.applicants = len(pool)
        if not pool:
            raise NoDemoBase("no applicant lives where an item is offered")
        table = WorkdayTable(
            month_starts(today, months)[0] - dt.timedelta(days=7),
            today + dt.timedelta(days=FUTURE_DAYS),
            official_calendar(),
        )
        days = SubmissionDays(today, months, table)
        report.phases["applicants and calendar"] = time.perf_counter() - started
        log(
            f"run {run}: {report.applicants} applicants ({report.new_people} new), "
            f"{len(world.regions)} regions, {report.phases['applicants and calendar']:.1f} s"
        )
        closer = (
            User.objects.filter(role=Role.SUPERVISOR, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        draw_s = write_s = 0.0
        width = max(7, len(str(cases)))
        deferred = [Case, Evaluation] if cases >= DEFER_CHECKS_FROM else []
        with checks_deferred(deferred) as deferred_names:
            while report.cases < cases:
                n = min(chunk, cases - report.cases)
                t0 = time.perf_counter()
                batch = _draw(
                    rng, n, report.cases, run, width, world, pool, days, table, now, shape
                )
                t1 = time.perf_counter()
                _write(batch, report, closer)
                draw_s += t1 - t0
                write_s += time.perf_counter() - t1
                report.cases += n
                log(f"  {report.cases:,} cases ({report.cases / (draw_s + write_s):,.0f} rows/s)")
            t0 = time.perf_counter()  # leaving the block restores the keys and indexes
        report.phases["draw cases (Python)"] = draw_s
        report.phases["write cases (COPY)" if _pg() else "write cases (bulk insert)"] = write_s
        if deferred_names:
            report.phases["keys and indexes rebuilt"] = time.perf_counter() - t0
        audit_record(
            actor=SYSTEM,
            action="case.generate",
            subject=("cases.generator", str(run)),
            after={
                "cases": report.cases,
                "evaluations": report.evaluations,
                "rectifications": report.rectifications,
                "months": months,
                "seed": seed,
            },
        )
        t0 = time.perf_counter()
        report.tallies = tallies_rebuild()
        report.phases["roll-ups rebuilt"] = time.perf_counter() - t0
    if _pg():
        t0 = time.perf_counter()
        models_ = (Case, Evaluation, Rectification, CaseTally, CaseDueTally)
        settle([m._meta.db_table for m in models_])
        report.phases["VACUUM ANALYZE"] = time.perf_counter() - t0
    return report


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _draw(
    rng: random.Random,
    n: int,
    offset: int,
    run: int,
    width: int,
    world: World,
    pool: list[Applicant],
    days: SubmissionDays,
    table: WorkdayTable,
    now: dt.datetime,
    shape: Shape,
) -> _Batch:
    batch = _Batch()
    form = empty_form()
    enterprises = world.enterprises
    for i in range(offset, offset + n):
        who = pool[int(rng.random() * len(pool))]
        place = world.regions[who.region_code]
        choice = place.draw(rng)
        channel = channel_of(rng, choice, shape)
        submitted = days.draw(rng, channel)
        life = live(rng, choice, channel, submitted, now, table, shape)
        enterprise = None
        if enterprises and (
            choice.audience == "enterprise"
            or (choice.audience == "both" and rng.random() < shape.enterprise_for_both)
        ):
            enterprise = enterprises[int(rng.random() * len(enterprises))]
        address = (
            f"{place.name}{STREETS[i % len(STREETS)]}{rng.randint(1, 999)}号"
            if life.delivery == "post"
            else ""
        )
        batch.cases.append(
            (
                None,  # the id, reserved when written
                f"{NUMBER_PREFIX}{run:03d}-{submitted:%Y%m%d}-{i:0{width}d}",
                choice.item_id,
                who.person_id,
                enterprise,
                who.user_id,
                channel,
                choice.center_id,
                choice.department_id,
                life.status,
                form,
                "",
                life.delivery,
                address,
                life.submitted_at,
                life.accepted_at,
                life.due_date,
                life.due_provisional,
                life.paused_days,
                life.paused_since,
                life.correction_reason,
                life.declined_reason,
                life.concluded_at,
                life.outcome,
                life.outcome_reason,
                life.working_days_taken,
                life.withdrawn_at,
                life.handed_over_at,
                life.tracking_number,
            )
        )
        if life.rating is not None:
            batch.ratings.append((len(batch.cases) - 1, who.user_id, choice.department_id, life))
    return batch


def _write(batch: _Batch, report: Report, closer: int | None) -> None:
    ids = reserve_ids(Case, len(batch.cases))
    rows = [(ids[k], *row[1:]) for k, row in enumerate(batch.cases)]
    write_rows(Case, CASE_COLUMNS, rows)
    for row in rows:
        report.statuses[row[9]] = report.statuses.get(row[9], 0) + 1
    if not batch.ratings:
        return
    eval_ids = reserve_ids(Evaluation, len(batch.ratings))
    evaluations, rectifications = [], []
    for eval_id, (k, user_id, department_id, life) in zip(eval_ids, batch.ratings, strict=True):
        evaluations.append((eval_id, ids[k], life.rating, "", user_id, life.rated_at))
        if life.rectification_due is not None:
            due, provisional = life.rectification_due.date, life.rectification_due.provisional
            closed = life.rectification_closed_at
            rectifications.append(
                (
                    eval_id,
                    ids[k],
                    department_id,
                    "closed" if closed else "open",
                    life.rated_at,
                    due,
                    provisional,
                    RECTIFICATION_RESULT if closed else "",
                    closed,
                    FOLLOW_UP_NOTE if closed else "",
                    closer if closed else None,
                    closed,
                )
            )
    write_rows(Evaluation, EVALUATION_COLUMNS, evaluations)
    write_rows(Rectification, RECTIFICATION_COLUMNS, rectifications)
    report.evaluations += len(evaluations)
    report.rectifications += len(rectifications)
