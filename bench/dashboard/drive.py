"""The driver, in the child process with Django set up on the bench database: the public
page's figure queries on PostgreSQL (through the selectors, in-process), DuckDB's scan of
the same rows in Parquet, the row-by-row comparison, the recount, the table."""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import say
from dashboard import GROUP_BY, RUNS, TARGET_RATIO, TARGET_S, WARMUP_RUNS
from dashboard.duck import answer, export


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _timed(run, n: int) -> tuple[list[float], object]:
    for _ in range(WARMUP_RUNS):
        result = run()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return times, result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def drive(setup: str) -> int:
    import django

    django.setup()
    import duckdb
    from django.db import connection

    from onething.cases.models import Case, CaseDueTally, CaseTally
    from onething.cases.selectors.tallies import case_figures, figure_filter, open_deadlines
    from onething.cases.services.tallies import tallies_differences
    from onething.core import clock

    today = clock.today()
    cases = Case.objects.count()
    say(
        f"{cases:,} cases; roll-ups: {CaseTally.objects.count():,} month rows, "
        f"{CaseDueTally.objects.count():,} due-date rows; database {setup}"
    )

    def pg():
        flt = figure_filter()
        return case_figures(flt, GROUP_BY), open_deadlines(flt, GROUP_BY, today=today)

    pg_times, (figures, deadlines) = _timed(pg, RUNS)

    with tempfile.TemporaryDirectory(prefix="onething-bench-duck-") as folder:
        started = time.perf_counter()
        csv_path, parquet_path, rows = export(connection, Path(folder))
        exported = time.perf_counter() - started
        size = parquet_path.stat().st_size / 2**20
        say(
            f"exported {rows:,} rows: COPY TO CSV ({csv_path.stat().st_size / 2**20:,.0f} MiB) "
            f"and Parquet ({size:,.0f} MiB) in {exported:.1f} s (untimed)"
        )
        with duckdb.connect() as duck:
            duck_times, duck_answer = _timed(lambda: answer(duck, parquet_path, today), RUNS)
            threads = duck.execute("SELECT current_setting('threads')").fetchone()[0]

    # the same answers, row by row
    pg_answer: dict[tuple[str, str], list[int]] = {}
    for r in figures:
        pg_answer[(r["month"], r["department_code"])] = [
            r["cases"],
            r["concluded"],
            r["on_time"],
            0,
        ]
    for r in deadlines:
        row = pg_answer.setdefault((r["month"], r["department_code"]), [0, 0, 0, 0])
        row[3] = r["overdue"]
    duck_rows = {k: list(v) for k, v in duck_answer.items()}
    mismatches = [
        (k, pg_answer.get(k), duck_rows.get(k))
        for k in sorted(set(pg_answer) | set(duck_rows))
        if pg_answer.get(k) != duck_rows.get(k)
    ]
    started = time.perf_counter()
    differences = tallies_differences()
    recount_s = time.perf_counter() - started

    pg_median, duck_median = statistics.median(pg_times), statistics.median(duck_times)
    ratio = pg_median / duck_median
    overdue = sum(r[3] for r in pg_answer.values())
    on_time = sum(r[2] for r in pg_answer.values()) / max(1, sum(r[1] for r in pg_answer.values()))
    say()
    say(
        f"per department per month: {len(pg_answer):,} rows; on-time rate {on_time:.1%}, "
        f"{overdue:,} overdue open (today {today}); {RUNS} runs after {WARMUP_RUNS} warm-up, "
        f"{os.cpu_count()} CPUs, DuckDB {duckdb.__version__} with {threads} threads"
    )
    say(f"{'measure':<44}{'median':>10}{'p95':>10}  {'target':<12}verdict")
    say(
        f"{'PostgreSQL: case_figures + open_deadlines':<44}{_ms(pg_median):>10}"
        f"{_ms(_pct(pg_times, 0.95)):>10}  {'≤ 100 ms':<12}"
        f"{'PASS' if pg_median <= TARGET_S else 'FAIL'}"
    )
    say(
        f"{'DuckDB: the same figures from Parquet':<44}{_ms(duck_median):>10}"
        f"{_ms(_pct(duck_times, 0.95)):>10}"
    )
    say(
        f"{'ratio PostgreSQL / DuckDB':<44}{ratio:>10.3f}{'':>10}  {'< 1':<12}"
        f"{'PASS' if ratio < TARGET_RATIO else 'FAIL'}"
    )
    say(
        f"{'answers equal, row by row':<44}{'yes' if not mismatches else 'NO':>10}{'':>10}  "
        f"{'equal':<12}{'PASS' if not mismatches else 'FAIL'}"
    )
    say(
        f"{'roll-ups = full recount (tallies_differences)':<44}"
        f"{'yes' if not differences else 'NO':>10}{recount_s:>8.1f} s  {'equal':<12}"
        f"{'PASS' if not differences else 'FAIL'}"
    )
    for key, ours, theirs in mismatches[:10]:
        say(
            f"MISMATCH {key} (cases, concluded, on time, overdue): "
            f"PostgreSQL {ours}, DuckDB {theirs}"
        )
    for d in differences[:10]:
        say(f"ROLL-UP DIFFERS {d}")
    return 1 if mismatches or differences else 0
