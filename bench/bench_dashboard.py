"""The public page's figures at city scale: per department per month the cases, the
on-time rate and the overdue open, read from the roll-ups in PostgreSQL, next to DuckDB
scanning the same case rows in Parquet, measured in the same run.

What runs (docs/performance.md has the why and the figures):

1. The PostgreSQL database ``onething_bench_dashboard``. Reused when it holds the marker
   row (table ``onething_bench_marker``) of a finished load of the same number of cases —
   generating 5,000,000 takes minutes — and run with the keys the marker kept. Otherwise
   (or with ``ONETHING_BENCH_REBUILD=1``) dropped and recreated, migrated, the demo city
   loaded (``python -m onething demo``), then ``python -m onething generate --cases N
   --seed 2026`` (N from ``ONETHING_BENCH_CASES``, default 5,000,000; its phases and time
   are printed), then marked. Settings: ``onething.config.bench_settings`` (DEBUG off).
2. PostgreSQL, in-process through Django: ``case_figures(figure_filter(), ("department",
   "month"))`` and ``open_deadlines(figure_filter(), ("department", "month"))`` — what the
   public figures page asks — 3 warm-up runs, then the median and p95 of 20.
3. DuckDB: the case rows' columns the figures need exported with COPY TO (CSV, untimed),
   written to Parquet by DuckDB (untimed); then one query per run over the Parquet file
   computing the same per-department-per-month cases, concluded, on-time and overdue
   open: 3 warm-up runs, the median and p95 of 20.
4. Checks: DuckDB's answer equals the roll-ups' row by row (cases, concluded, on time,
   overdue open); ``tallies_differences()`` is empty (the roll-ups equal a full recount of
   the case table; its time is printed). The table: medians, p95, the ratio PostgreSQL /
   DuckDB, the targets (≤ 0.1 s, ratio < 1) and PASS/FAIL.

Returns non-zero only on a real error (setup, a mismatch, roll-ups that differ from the
recount), never for a missed target. No PostgreSQL or no duckdb: one SKIPPED line, 0.
Run alone: ``.venv/bin/python bench/run.py dashboard``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_CASES``,
``ONETHING_BENCH_REBUILD=1``.

The parts live in bench/dashboard/ (the database, DuckDB, the driver); what every
benchmark shares is in bench/common.py.
"""

from __future__ import annotations

import subprocess
import sys

import common
from common import PG_SERVER, say
from dashboard.data import database
from dashboard.drive import drive


def main() -> int:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        say("SKIPPED: duckdb (the anchor) is not installed: pip install -e '.[dev]'.")
        return 0
    with common.scratch_dir("onething-bench-dashboard-") as var_dir:
        try:
            found = database(var_dir)
        except Exception as exc:
            say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({common.reason(exc)}).")
            say("This benchmark needs it (set ONETHING_BENCH_PG=postgres://user@host:port).")
            return 0
        if found is None:
            return 1
        env, setup = found
        argv = [sys.executable, __file__, "--drive", setup]
        return subprocess.run(argv, env=env, cwd=common.ROOT).returncode


if __name__ == "__main__":
    common.drive_if_child(drive)
