"""Runs of a 3-step parallel one-thing (一件事), through the services with every step
persisted, next to SpiffWorkflow running the same process in memory, on SQLite and on
PostgreSQL.

What runs (docs/performance.md has the why and the figures), once per database:

1. A fresh database (SQLite: a new file, WAL, in a temporary directory; PostgreSQL: the
   database ``onething_bench_bundle``, dropped and recreated), migrated, with the demo city
   (``python -m onething demo``). Settings: ``onething.config.bench_settings`` (DEBUG off),
   fresh keys.
2. The world, through the services: one applicant registered in 胡埭镇 (320211102) with an
   account; the bundle ``YJS-320211-GR-901`` saved by ``bundle_save`` with three steps that
   wait for nothing (no after, no concludes_after, no entered outputs, no checks), three
   promised items of three departments that 胡埭镇 offers: 社会保障卡申领 (id card, photo),
   医保关系转移接续 (id card), 老年人优待证办理 (id card, photo); the two materials
   uploaded once through ``material_upload``. One run goes through everything before
   anything is timed (and tells which departments' officers handle the steps).
3. Uploads for the timed runs (outside the timing): bulk-inserted copies of the two
   uploaded rows (same stored file, type, size and SHA-256), as bench_case_submit does;
   PostgreSQL is then ANALYZEd as autovacuum would after a bulk load. The cost of the real
   upload of a run's two files is measured apart and printed.
4. Timed, per run: ``run_submit`` (one form, one set of materials, idempotency key: the run,
   its three run steps, the material copies, and the three step cases started at once
   through ``case_submit``), one read of the three case numbers (the officers' inboxes),
   then per step the department's officer ``case_accept`` and ``case_conclude(outcome=
   "approved")`` (which issues the licence; the last conclusion concludes the run through
   bundles' hook). After each run, outside the timing, its status must be ``concluded``.
   N runs after a warm-up, N chosen so that the measure takes about ``MEASURE_S`` seconds.
5. The anchor: SpiffWorkflow (bench/bundle_run.bpmn: start → parallel split → three user
   tasks → parallel join → end), parsed once; each instance is a new ``BpmnWorkflow`` run
   to its user tasks, the three completed one by one, run to the end, asserted complete.
   In memory, nothing persisted. Measured for ``SPIFF_S`` seconds before and after the
   runs, in the same process; the anchor is the mean of the two.
6. Two informative lines, not the target's anchor: the floor (7 transactions of one ORM
   INSERT: the least a run that persists each of its 7 decisions does) and SpiffWorkflow
   persisted the same way (its serialised state in a row, the same 7 transactions).
7. Prints runs/s, median and p99 per run, the anchor's instances/s, the ratio against the
   target (2.0), then where a run's time goes: its SQL statements and transactions
   (``CaptureQueriesContext``), the wall time and SQL of each part of the services over
   ``PROFILE_RUNS`` runs, and the CPU time by package (cProfile).

Returns non-zero only on a real error (setup, a run that does not conclude, a broken
invariant), never for a missed target. No PostgreSQL: its half prints SKIPPED.
Run alone: ``.venv/bin/python bench/run.py bundle_run``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_BACKENDS`` (default
``sqlite,postgresql``).

The parts live in bench/bundle_run/ (the anchor, the world, the driver, the profile); what
bench_case_submit shares with this file is in bench/common.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import common
from bundle_run import RESULT, TARGET_RATIO
from bundle_run.drive import drive
from common import PG_SERVER, say

PG_DB = "onething_bench_bundle"


# --- the parent: a fresh database per backend, migrations, demo; the driver in a child ------


def _database(backend: str, var_dir: Path) -> tuple[str, str] | None:
    """A fresh database: (DATABASE_URL, a description), or None (PostgreSQL unreachable)."""
    if backend == "sqlite":
        import sqlite3

        path = var_dir / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version} (WAL), a new file"
    try:
        version = common.pg_recreate(PG_DB)
    except Exception as exc:
        say(f"SKIPPED (PostgreSQL): not reachable at {PG_SERVER} ({common.reason(exc)}).")
        say("Set ONETHING_BENCH_PG=postgres://user@host:port to measure it.")
        return None
    return f"{PG_SERVER}/{PG_DB}", f"PostgreSQL {version}, database {PG_DB} recreated"


def _backend(backend: str) -> tuple[int, dict | None]:
    with common.scratch_dir("onething-bench-bundle-") as var_dir:
        found = _database(backend, var_dir)
        if found is None:
            return 0, None
        url, description = found
        say(f"-- {description}")
        env = common.bench_env(var_dir, url, ONETHING_BENCH_DB=description)
        if not common.migrate_and_demo(env):
            return 1, None
        child = subprocess.Popen(
            [sys.executable, __file__, "--drive", backend],
            env=env,
            cwd=common.ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = None
        for line in child.stdout:
            if line.startswith(RESULT):
                result = json.loads(line.removeprefix(RESULT))
            else:
                print(line, end="", flush=True)
        return child.wait(), result


def main() -> int:
    try:
        import SpiffWorkflow  # noqa: F401
    except ImportError:
        say("SKIPPED: SpiffWorkflow (the anchor) is not installed: pip install -e '.[dev]'.")
        return 0
    backends = os.environ.get("ONETHING_BENCH_BACKENDS", "sqlite,postgresql").split(",")
    failed = 0
    results = {}
    for backend in (b.strip() for b in backends if b.strip()):
        code, result = _backend(backend)
        failed += bool(code)
        if result:
            results[backend] = result
    if results:
        say()
        say(
            f"summary ({os.cpu_count()} CPUs; target: runs/s ≥ {TARGET_RATIO} × SpiffWorkflow "
            "instances/s)"
        )
        say(
            f"{'database':<12}{'runs/s':>9}{'run p50':>10}{'run p99':>10}"
            f"{'Spiff/s':>10}{'ratio':>9}{'SQL/run':>9}{'floor/s':>9}{'Spiff+DB/s':>12}"
            "  verdict"
        )
        for backend, r in results.items():
            say(
                f"{backend:<12}{r['runs_per_s']:>9.1f}{r['p50_ms']:>8.1f}ms{r['p99_ms']:>8.1f}ms"
                f"{r['spiff_per_s']:>10.0f}{r['ratio']:>9.4f}{r['sql_per_run']:>9}"
                f"{r['floor_per_s']:>9.0f}{r['stored_per_s']:>12.0f}  "
                f"{'PASS' if r['ratio'] >= TARGET_RATIO else 'FAIL'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    common.drive_if_child(drive)
