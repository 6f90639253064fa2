"""City management over HTTP: residents' scores from the streets' scoring devices and the
shared car park's gate events, each next to a one-INSERT floor measured in the same run.

What runs (docs/performance.md, "City management over HTTP", has the why and the figures):

1. A fresh PostgreSQL database ``onething_bench_citymgmt`` (dropped and recreated),
   migrated, with the demo city (``python -m onething demo``, ``ONETHING_DEMO_HISTORY=0``:
   the configuration only — criteria, bureaus, the city-management office's account).
   Settings: ``onething.config.bench_settings`` (the normal settings with DEBUG off, plus
   ``POST /bench/floor``), fresh keys.
2. Through the city management services, as the demo's city-management office: ``STREETS``
   streets (``street_register``), ``DEVICES_PER_STREET`` scoring devices at each with their
   tokens (``scoring_point_register``: a device may send 30 scores a minute, so the load
   is spread over 800), a shared car park with the seed's windows and ``GATES`` gates with
   their tokens (``lot_register``, ``shared_parking_setup``, ``gate_register``). Each
   route answers once in-process before the load, so a broken route fails here.
3. gunicorn (``onething.config.wsgi``, ``-w 2`` sync workers, 127.0.0.1, a free port,
   quiet logs) serves the floor and the API. wrk (``-t1 -c32``, bench/citymgmt/load.lua)
   warms up, then measures the floor, then the scores: ``POST /api/citymgmt/scores`` with
   the next device's Bearer token, a distinct voter (``<run>-<thread>-<n>``) and the same
   as ``Idempotency-Key``, marks 1–5 on the four criteria; then the gate events: ``POST
   /api/citymgmt/parking/events`` with the next gate's Bearer token, a unique
   ``event_id``, an entry of a new plate or the exit of the plate that entered
   ``EXIT_LAG`` entries before, ``at`` = now. In both, every 97th request re-sends one
   made 40 requests before (a device's or a gate's retry, often while the first is still
   in flight).
4. Checks: every 2xx answer's score (its id) or event (its event id) is stored exactly
   once; retries were answered the same and stored once; stored minus answered = requests
   in flight when wrk stopped (at most 32); no non-2xx answer; every exit closed its stay.
   Prints the tables (req/s, p50, p99, ratio, targets, PASS/FAIL), per request the CPU
   time of the workers and of PostgreSQL (/proc) and the transactions and rows written,
   and a profile of one score and one event in-process: their SQL statements and where
   the time goes, by part.

Returns non-zero only on a real error (setup, a non-2xx answer, a broken invariant), never
for a missed target. No PostgreSQL or no wrk: one SKIPPED line, returns 0.
Run alone: ``.venv/bin/python bench/run.py citymgmt``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_CPROFILE=1`` to add the
CPU time of a request by package.

The parts live in bench/citymgmt/; gunicorn, wrk, the CPU counters and the table are in
bench/http_load.py (shared with bench_case_submit and bench_gate_swipe).
"""

from __future__ import annotations

import common
import http_load
from citymgmt import DB_NAME
from citymgmt.drive import drive


def main() -> int:
    return http_load.start(__file__, DB_NAME, ONETHING_DEMO_HISTORY="0")


if __name__ == "__main__":
    common.drive_if_child(drive)
