"""The measures, in the child process (Django set up on the bench database): COPY's rate,
the ingest's throughput, the alarm latency at RATE readings/s, a restart, the counts."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import threading
import time
from pathlib import Path

import common
from common import say

from . import (
    ALARMS_PER_S,
    BULK_MESSAGES,
    BULK_SAMPLES,
    DEVICES,
    INGEST_WORKERS,
    KILL_AFTER_S,
    LATENCY_S,
    METRICS,
    RATE,
    RESTART_S,
    TARGET_P99_S,
    TARGET_RATIO,
)
from .broker import IngesterProcess, session_prepare
from .load import Publisher, bulk, paced


def _pg():
    import psycopg

    return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)


def copy_rate(text: bytes, rows: int) -> float:
    """COPY of the throughput's rows into a table like the readings' (its unique index and
    BRIN index), in one transaction: rows per second."""
    with _pg() as db:
        db.execute("DROP TABLE IF EXISTS bench_copy")
        db.execute("CREATE TABLE bench_copy (LIKE cityops_reading INCLUDING ALL)")
        started = time.perf_counter()
        with (
            db.transaction(),
            db.cursor() as cursor,
            cursor.copy("COPY bench_copy (metric_id, at, value, received_at) FROM STDIN") as copy,
        ):
            for start in range(0, len(text), 1 << 20):
                copy.write(text[start : start + (1 << 20)])
        elapsed = time.perf_counter() - started
        stored = db.execute("SELECT count(*) FROM bench_copy").fetchone()[0]
        db.execute("DROP TABLE bench_copy")
    assert stored == rows, (stored, rows)
    return rows / elapsed


def copy_rate_in_place(text: bytes, rows: int, shift: dt.timedelta) -> float:
    """COPY of the same rows (their times moved by ``shift``, so no key is taken) into the
    readings' table itself: its size, its indexes, its foreign key checked as each row
    goes in (SET CONSTRAINTS ALL IMMEDIATE); rolled back. Rows per second."""
    with _pg() as db, db.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        started = time.perf_counter()
        with cursor.copy(
            "COPY cityops_reading (metric_id, at, value, received_at) FROM STDIN"
        ) as copy:
            lines = text.decode().splitlines(keepends=True)
            moved = []
            for line in lines:
                metric_id, at, value, received = line.split("\t")
                at = (dt.datetime.fromisoformat(at) + shift).isoformat()
                moved.append(f"{metric_id}\t{at}\t{value}\t{received}")
            data = "".join(moved).encode()
            started = time.perf_counter()
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start : start + (1 << 20)])
        elapsed = time.perf_counter() - started
        cursor.execute("ROLLBACK")
    return rows / elapsed


def stored_between(db, first: dt.datetime, last: dt.datetime) -> int:
    return db.execute(
        "SELECT count(*) FROM cityops_reading WHERE at >= %s AND at <= %s", [first, last]
    ).fetchone()[0]


def wait_stored(db, first, last, expected: int, seconds: float) -> tuple[int, float]:
    """Until ``expected`` readings of [first, last] are stored (or ``seconds`` passed):
    the count and when it was reached."""
    end = time.time() + seconds
    while True:
        count = stored_between(db, first, last)
        if count >= expected or time.time() > end:
            return count, time.time()
        time.sleep(0.25)


class EventWatcher(threading.Thread):
    """Sees each new sensor event row (committed) within 10 ms: (metric, opened_at) →
    when seen."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen: dict[tuple[int, dt.datetime], float] = {}
        self.stopping = threading.Event()

    def run(self):
        with _pg() as db:
            last = db.execute("SELECT coalesce(max(id), 0) FROM cityops_event").fetchone()[0]
            while not self.stopping.is_set():
                rows = db.execute(
                    "SELECT id, metric_id, opened_at FROM cityops_event "
                    "WHERE id > %s AND source = 'sensor' ORDER BY id",
                    [last],
                ).fetchall()
                now = time.time()
                for event_id, metric_id, opened_at in rows:
                    self.seen.setdefault((metric_id, opened_at), now)
                    last = event_id
                time.sleep(0.01)


def drive(port_text: str) -> int:
    import django

    django.setup()
    from .world import world_build

    port = int(port_text)
    log_dir = Path(os.environ["ONETHING_VAR_DIR"])
    world = world_build()
    say(
        f"{DEVICES} devices × {METRICS} monitored values; ingester: "
        f"`python -m onething cityops_mqtt --workers {INGEST_WORKERS}`, broker on :{port}"
    )
    session_prepare(port)
    ingester = IngesterProcess(port, log_dir)
    failures = 0
    published = 0
    db = _pg()
    try:
        # 1. throughput, next to COPY of the same rows
        base = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=30)
        messages, text, rows = bulk(world, base)
        anchor = copy_rate(text, rows)
        ingester.start()
        publisher = Publisher(port, "bench-devices")
        first = base
        last = base + dt.timedelta(seconds=BULK_MESSAGES * BULK_SAMPLES)
        started = time.time()
        for where, payload in messages:
            publisher.send(where, payload)
        count, done = wait_stored(db, first, last, rows, 300)
        published += rows
        rate = count / (done - started)
        ratio = rate / anchor
        say("")
        say(
            f"throughput: {len(messages)} messages of {BULK_SAMPLES * METRICS} readings "
            f"({rows} readings), published at once"
        )
        say(f"  {'':34} {'readings/s':>12}")
        say(f"  {'PostgreSQL COPY (the anchor)':34} {anchor:12,.0f}")
        say(
            f"  {'MQTT → ingester → stored':34} {rate:12,.0f}   ratio {ratio:.2f} "
            f"(target ≥ {TARGET_RATIO}) {'PASS' if ratio >= TARGET_RATIO else 'FAIL'}"
        )
        if count != rows:
            say(f"ERROR: {rows} readings published, {count} stored")
            failures += 1

        # 2. alarm latency at RATE readings/s offered
        watcher = EventWatcher()
        watcher.start()
        t0 = time.time()
        sent, alarms, first, last = paced(publisher, world, LATENCY_S, alarms_per_s=ALARMS_PER_S)
        offered = sent / (time.time() - t0)
        count, _done = wait_stored(db, first, last, sent, 120)
        time.sleep(0.5)
        watcher.stopping.set()
        watcher.join()
        published += sent
        latencies = sorted(
            watcher.seen[key] - at for key, at in alarms.items() if key in watcher.seen
        )
        missing = len(alarms) - len(latencies)
        say("")
        say(
            f"alarm latency: {LATENCY_S} s of {offered:,.0f} readings/s offered "
            f"({DEVICES} devices, one message of {METRICS} readings each a second), "
            f"{len(alarms)} alarms"
        )
        if latencies:
            p50 = statistics.median(latencies)
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            say(
                f"  publish → event row committed: p50 {p50 * 1000:,.0f} ms, "
                f"p99 {p99 * 1000:,.0f} ms, max {latencies[-1] * 1000:,.0f} ms "
                f"(target p99 ≤ {TARGET_P99_S:g} s) {'PASS' if p99 <= TARGET_P99_S else 'FAIL'}"
            )
        if missing or count != sent:
            say(f"ERROR: {missing} alarms opened no event; {sent} readings sent, {count} stored")
            failures += 1

        # 3. a restart: SIGKILL mid-run, started again at once
        marks: dict[str, float] = {}

        def restart(second: int) -> None:
            if second == KILL_AFTER_S:
                marks["killed"] = time.time()
                ingester.kill()
                ingester.start()
                marks["started"] = time.time()

        sent, _alarms, first, last = paced(publisher, world, RESTART_S, at_second=restart)
        published += sent
        count, done = wait_stored(db, first, last, sent, 180)
        say("")
        say(
            f"restart: {RESTART_S} s at {RATE:,} readings/s, the ingester killed (SIGKILL) "
            f"after {KILL_AFTER_S} s and started again; all stored "
            f"{done - marks.get('started', done):.1f} s after the restart"
        )
        say(
            f"  readings published {sent:,}, stored {count:,}: "
            f"{'PASS' if count == sent else 'FAIL (readings lost)'}"
        )
        if count != sent:
            failures += 1
        publisher.close()
        fair = copy_rate_in_place(text, rows, dt.timedelta(hours=-3))
        say("")
        say("a fairer anchor: COPY of the throughput's rows into the readings' table itself")
        say(
            f"  (its size now, its indexes, its foreign key checked): {fair:,.0f} rows/s; "
            f"the ingest's throughput is {rate / fair:.2f} × that"
        )
        total = db.execute("SELECT count(*) FROM cityops_reading").fetchone()[0]
        say(
            f"whole run: readings published {published:,}, stored {total:,} "
            f"({'none lost' if total == published else 'MISMATCH'})"
        )
        if total != published:
            failures += 1
    except Exception:
        common.say_failure("the readings benchmark", 15)
        say(ingester.tail())
        failures += 1
    finally:
        ingester.stop()
        db.close()
    if failures:
        say(ingester.tail())
    return 1 if failures else 0
