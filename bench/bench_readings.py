"""Readings over MQTT (the operations centre's devices), next to PostgreSQL COPY of the
same rows measured in the same run.

What runs (docs/performance.md, "Readings over MQTT", has the why and the figures):

1. A fresh PostgreSQL database ``onething_bench_readings`` (dropped and recreated),
   migrated; no demo city: DEVICES air-quality stations of one department with METRICS
   monitored values each (m0 with warning and alarm thresholds) and their tokens are made
   directly (bench/readings/world.py). Settings: ``onething.config.bench_settings``.
2. A Mosquitto of the run's own (a free port, persistence in the scratch directory, the
   in-flight and queue limits docs/deploy.md asks of the city's broker) and the ingester
   as in production, its own process: ``python -m onething cityops_mqtt``, whose
   persistent session (QoS 1) is made before anything is published.
3. Throughput: every device publishes its buffered readings (messages of 100 readings)
   at once; readings stored per second, from the first publish to the last reading
   stored, next to COPY of the same rows into a table like the readings' (same indexes).
4. Alarm latency: every device publishes one message of its METRICS readings each second
   (5,000 readings/s offered) for 30 s; 10 messages a second carry an alarm of m0 (the
   next one is normal, closing the event). Latency: from the publish to the sensor event
   row seen committed by a watcher polling every 10 ms. p50, p99, max.
5. Restart: the same load for 20 s, the ingester killed with SIGKILL after 7 s and started
   again at once. Readings published must equal readings stored, there and over the run.

Returns non-zero only on a real error (setup, a reading lost, an alarm without its event),
never for a missed target. No PostgreSQL or no Mosquitto: one SKIPPED line, returns 0.
Run alone: ``.venv/bin/python bench/run.py readings``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``).
"""

from __future__ import annotations

import subprocess
import sys

import common
from common import PG_SERVER, ROOT, say
from readings import DB_NAME
from readings.broker import broker_start, mosquitto
from readings.drive import drive


def main() -> int:
    binary = mosquitto()
    if binary is None:
        say("SKIPPED: mosquitto (the MQTT broker) is not installed; `apt-get install mosquitto`.")
        return 0
    try:
        version = common.pg_recreate(DB_NAME)
    except Exception as exc:
        say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({common.reason(exc)}).")
        return 0
    with common.scratch_dir("onething-bench-readings-") as var_dir:
        env = common.bench_env(var_dir, f"{PG_SERVER}/{DB_NAME}", ONETHING_CONN_MAX_AGE="600")
        say(f"database {DB_NAME} on {PG_SERVER} (PostgreSQL {version}), recreated")
        py = sys.executable
        if not common.step(
            "migrate", [py, "-m", "onething", "migrate", "--noinput", "-v", "0"], env
        ):
            return 1
        broker, port = broker_start(binary, var_dir)
        try:
            argv = [py, __file__, "--drive", str(port)]
            return subprocess.run(argv, env=env, cwd=ROOT).returncode
        finally:
            broker.terminate()
            broker.wait()


if __name__ == "__main__":
    common.drive_if_child(drive)
