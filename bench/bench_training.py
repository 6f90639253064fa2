"""The institute at a large volume: its public figures and the staff's applications list
over ``ONETHING_BENCH_APPLICATIONS`` applications (default 200,000, ten times the seed's
21,366), each next to a plain indexed query of the same table measured in the same run.

What runs (docs/performance.md, "The institute's figures and lists", has the figures):

1. A fresh PostgreSQL database ``onething_bench_training`` (dropped and recreated),
   migrated, with the demo city's configuration (``python -m onething demo``,
   ``ONETHING_DEMO_HISTORY=0``: the institute's department and accounts among it).
   Settings: ``onething.config.bench_settings`` (DEBUG off), fresh keys.
2. In the driver (Django in-process): the institute's catalogue through its services and
   the demo's history generator (``onething.demo.training.history``) with the seed's
   cohorts, each drawn with proportionally more applications — 200,000 applications,
   their steps and interviews, the students registered, 2,718 enrolments, the grades and
   the placements, written in bulk (COPY), then ``VACUUM (ANALYZE)``. Its time is printed.
3. Through Django's test client, 3 warm-up runs then the median and p95 of 20 of:
   ``GET /api/training/figures?on=2025-07-14`` (the summer class then in class: its
   applications and enrolments counted on their indexes, the closed ones from the
   roll-ups; the API's one-minute cache cleared before each run), the same for today
   (every class closed), and next to them the anchor: ``SELECT count(*)`` of the summer
   class's applications (on the cohort's index). Then the staff's applications list (the
   API's first page, filtered by the summer class, and the page
   ``/training/manage/applications/``), and the floor of a list: one page of 50 rows of
   the same table by the list's index, in raw SQL. The table prints each median, p95 and
   ratio to the anchor.

Returns non-zero only on a real error (setup); a route that answers otherwise than 200 is
reported and skipped. No PostgreSQL: one SKIPPED line, 0.
Run alone: ``.venv/bin/python bench/run.py training``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_APPLICATIONS``.
"""

from __future__ import annotations

import subprocess
import sys

import common
from common import PG_SERVER, say
from training import DB_NAME
from training.drive import drive


def main() -> int:
    with common.scratch_dir("onething-bench-training-") as var_dir:
        try:
            version = common.pg_recreate(DB_NAME)
        except Exception as exc:
            say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({common.reason(exc)}).")
            return 0
        say(f"database {DB_NAME} on {PG_SERVER} (PostgreSQL {version}), recreated")
        env = common.bench_env(var_dir, f"{PG_SERVER}/{DB_NAME}", ONETHING_DEMO_HISTORY="0")
        if not common.migrate_and_demo(env):
            return 1
        collect = [sys.executable, "-m", "onething", "collectstatic", "--noinput", "-v", "0"]
        if not common.step("collectstatic", collect, env):  # the staff page's assets
            return 1
        argv = [sys.executable, __file__, "--drive", "fresh"]
        return subprocess.run(argv, env=env, cwd=common.ROOT).returncode


if __name__ == "__main__":
    common.drive_if_child(drive)
