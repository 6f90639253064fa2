"""Case submission over HTTP, next to a one-INSERT floor measured in the same run.

What runs (docs/performance.md has the why and the figures):

1. A fresh PostgreSQL database ``onething_bench`` (dropped and recreated), migrated, with
   the demo city (``python -m onething demo``). Settings: ``onething.config.bench_settings``
   (the normal settings with DEBUG off, plus ``POST /bench/floor``), fresh keys.
2. ``APPLICANTS`` applicants in the three towns that offer 个体工商户设立登记
   (320200-SSDJ-001), registered, given accounts and bearer tokens, all through the
   services. Their uploads: three files go through the real upload service
   (``material_upload``); the pool every benchmark submission attaches (three unused uploads
   owned by the submitter) is bulk-inserted as copies of those rows (same stored file, type,
   size and SHA-256, no audit entry per copy), then ANALYZEd — the upload is not what this
   measures. Every applicant submits once through the service before the load, so a broken
   route fails here.
3. gunicorn (``onething.config.wsgi``, ``-w 2`` sync workers, 127.0.0.1, a free port,
   quiet logs) serves both the floor and the API. wrk (``-t1 -c32``, bench/case_submit.lua)
   warms up, then measures the floor, then case submission: a unique Idempotency-Key and
   the next three unused upload ids of the next applicant per request. (If the API refuses
   a bearer-token POST for want of a CSRF cookie, it says BUG and sends cookie + header.)
4. Checks: every 2xx submission made exactly one case (found through the run's idempotency
   keys: one record and three materials each), no non-2xx answers. Prints the table
   (req/s, p50, p99, ratio, targets, PASS/FAIL), per request the CPU time of the workers
   and of PostgreSQL (/proc) and the transactions and rows written (pg_stat_database), and
   a profile of one submission in-process: its SQL statements (``CaptureQueriesContext``)
   and where the time goes, by part.

Returns non-zero only on a real error (setup, a non-2xx answer, a broken invariant), never
for a missed target. No PostgreSQL or no wrk: one SKIPPED line, returns 0.
Run alone: ``.venv/bin/python bench/run.py case_submit``. Environment:
``ONETHING_BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432``), and
``ONETHING_BENCH_CPROFILE=1`` to add the CPU time of a submission by package.

The parts live in bench/case_submit/ (the data, the driver, the profile); gunicorn, wrk,
the CPU counters and the table are in bench/http_load.py (shared with bench_gate_swipe),
what every benchmark shares in bench/common.py.
"""

from __future__ import annotations

import common
import http_load
from case_submit import DB_NAME
from case_submit.drive import drive


def main() -> int:
    return http_load.start(__file__, DB_NAME)


if __name__ == "__main__":
    common.drive_if_child(drive)
