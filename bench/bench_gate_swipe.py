"""Gate authorisation over HTTP (the honour cards' gate API), next to a one-INSERT floor
measured in the same run.

What runs (docs/performance.md, "Gate authorisation over HTTP", has the why and the figures):

1. A fresh PostgreSQL database ``onething_bench_gate`` (dropped and recreated), migrated,
   with the demo city (``python -m onething demo``, ``ONETHING_DEMO_HISTORY=0``: no case
   history, which the swipes do not touch). Settings: ``onething.config.bench_settings``
   (the normal settings with DEBUG off, plus ``POST /bench/floor``), fresh keys.
2. Through the cards services, as the demo's union staff account: an operator, a venue
   with a tariff (300 fen) and a free ride for every level without a cap, ``GATES`` gates
   with their accounts and tokens (``gate_register``), ``HONOREES`` honorees
   (``honoree_register``) each with an active card bound to a transit card
   (``card_issue``). Nothing of the cards demo is used. Each gate authorises one swipe
   in-process before the load, so a broken route fails here.
3. gunicorn (``onething.config.wsgi``, ``-w 2`` sync workers, 127.0.0.1, a free port,
   quiet logs) serves both the floor and the API. wrk (``-t1 -c32``,
   bench/gate_swipe/swipe.lua) warms up, then measures the floor, then the gate
   authorisation: ``POST /api/gate/swipes`` with the next gate's Bearer token, a unique
   swipe id (``<run>-<thread>-<n>``), the next card's transit number, ``at`` = now; every
   97th request re-sends one made 20 requests before (a gate's retry, often while the
   first is still in flight).
4. Checks: every 2xx answer's swipe id is stored once and has exactly one ledger row (300
   fen), retries were answered the same and counted once, stored swipes minus answered ids
   = requests in flight when wrk stopped (at most 32), no deny, no non-2xx answer. Prints
   the table (req/s, p50, p99, ratio, targets, PASS/FAIL), per request the CPU time of the
   workers and of PostgreSQL (/proc) and the transactions and rows written, and a profile
   of one swipe in-process: its SQL statements and where the time goes, by part.

Returns non-zero only on a real error (setup, a non-2xx answer, a broken invariant), never
for a missed target. No PostgreSQL or no wrk: one SKIPPED line, returns 0.
Run alone: ``.venv/bin/python bench/run.py gate_swipe``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_CPROFILE=1`` to add the
CPU time of a swipe by package.

The parts live in bench/gate_swipe/; gunicorn, wrk, the CPU counters and the table are in
bench/http_load.py (shared with bench_case_submit).
"""

from __future__ import annotations

import common
import http_load
from gate_swipe import DB_NAME
from gate_swipe.drive import drive


def main() -> int:
    return http_load.start(__file__, DB_NAME, ONETHING_DEMO_HISTORY="0")


if __name__ == "__main__":
    common.drive_if_child(drive)
