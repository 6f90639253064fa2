"""What the HTTP benchmarks (bench_case_submit, bench_gate_swipe) share: the parent's start
(wrk found or installed, a fresh PostgreSQL database, migrations and the demo city, the
driver in a child), gunicorn on a free port, wrk driving it with a Lua script that uses
bench/http_load.lua, what a measure cost (the CPU time of the workers and of PostgreSQL,
the database's counters), and the table of the figures next to the floor.

Imported as ``http_load`` (bench/ is on ``sys.path``, see bench/common.py)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import common
from common import PG_SERVER, ROOT, say

WORKERS = 2
FLOOR_NAME = "floor (1 ORM INSERT)"

# --- the parent ------------------------------------------------------------------------------


def find_wrk() -> str | None:
    """wrk (the load generator); as root on Debian, installed first when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk (the load generator) is missing: apt-get install -y wrk …")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, **quiet).returncode:
            subprocess.run(["apt-get", "update"], env=env, **quiet)
            subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, **quiet)
    return shutil.which("wrk")


def start(bench_file: str, db_name: str, **extra_env: str) -> int:
    """The parent of an HTTP benchmark: wrk, a fresh database ``db_name`` (migrated, the
    demo city), then ``python <bench_file> --drive <wrk>`` in that environment. Without
    wrk or PostgreSQL: one SKIPPED line, 0."""
    wrk = find_wrk()
    if wrk is None:
        say("SKIPPED: wrk (the load generator) is not installed and could not be installed")
        say("here; install it with `sudo apt-get install -y wrk` and run `make bench` again.")
        return 0
    try:
        version = common.pg_recreate(db_name)
    except Exception as exc:
        say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({common.reason(exc)}).")
        say("This benchmark needs it (set ONETHING_BENCH_PG=postgres://user@host:port).")
        return 0
    with common.scratch_dir("onething-bench-") as var_dir:
        env = common.bench_env(
            var_dir,
            f"{PG_SERVER}/{db_name}",
            # persistent connections as in production (default 60 s), kept for the whole run
            # so that the CPU time of each database backend is measured from start to end
            ONETHING_CONN_MAX_AGE="600",
            ONETHING_BENCH_PG_VERSION=version,
            ONETHING_BENCH_DB_NAME=db_name,
            **extra_env,
        )
        if os.environ.get("ONETHING_BENCH_CPROFILE"):  # also print a cProfile by package
            env["ONETHING_BENCH_CPROFILE"] = "1"
        say(f"database {db_name} on {PG_SERVER} (PostgreSQL {version}), recreated")
        if not common.migrate_and_demo(env):
            return 1
        argv = [sys.executable, bench_file, "--drive", wrk]
        return subprocess.run(argv, env=env, cwd=ROOT).returncode


# --- the driver: gunicorn and wrk ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn_argv(port: int) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "onething.config.wsgi",
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    from gunicorn.config import KNOWN_SETTINGS

    if any("--no-control-socket" in (s.cli or []) for s in KNOWN_SETTINGS):
        argv.append("--no-control-socket")  # gunicorn ≥ 24 would share ~/.gunicorn/*.ctl
    return argv


class Server:
    """gunicorn (``WORKERS`` sync workers) on a free port of 127.0.0.1, its log in a file;
    ``measured`` runs a load and tells what it cost the workers and the database."""

    def __init__(self, log_path: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.db_name = os.environ["ONETHING_BENCH_DB_NAME"]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            _gunicorn_argv(self.port), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers gracefully
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _cpu_seconds(self) -> dict[str, dict[int, float]]:
        """CPU time (user + system) so far of the gunicorn workers (children of this
        server's master) and of the PostgreSQL server processes serving the bench database."""
        tick = os.sysconf("SC_CLK_TCK")
        master = self.process.pid if self.process else -1
        found: dict[str, dict[int, float]] = {"app": {}, "db": {}}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    stat = f.read()
                fields = stat[stat.rindex(")") + 2 :].split()
                ppid, cpu = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
                if ppid == master:
                    found["app"][int(entry.name)] = cpu
                else:
                    with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                        title = f.read()
                    if title.startswith(b"postgres: ") and f" {self.db_name} ".encode() in title:
                        found["db"][int(entry.name)] = cpu
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile, or not ours to read
        return found

    def measured(self, run) -> dict:
        """Run ``run()``, with the CPU time it cost the app and the database, and the
        database's own counters. The pauses let the requests in flight at each end finish
        and the server processes flush their counters (about once a second)."""
        time.sleep(1.5)
        before, cpu_before = _server_counters(), self._cpu_seconds()
        result = run()
        time.sleep(1.5)
        after, cpu_after = _server_counters(), self._cpu_seconds()
        result["cpu"] = {
            side: sum(t - cpu_before[side].get(pid, 0.0) for pid, t in cpu_after[side].items())
            for side in ("app", "db")
        }
        result["server"] = {k: (after[k] - before[k]) for k in after}
        return result


def _server_counters() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT xact_commit, tup_inserted, tup_updated"
            " FROM pg_stat_database WHERE datname = current_database()"
        )
        commits, inserted, updated = cursor.fetchone()
    connection.close()
    return {"commits": commits, "inserted": inserted, "updated": updated}


def wrk_run(
    wrk: str,
    url: str,
    seconds: int,
    script: Path,
    args: list[str],
    *,
    threads: int,
    connections: int,
) -> dict:
    """One wrk run of ``script`` (which prints ``WRK-RESULT {json}``, see http_load.lua)
    with ``args`` after ``--``: its result, with ``rps``, ``ok`` (2xx answers) and ``bad``
    (other answers and socket errors) added."""
    argv = [
        wrk,
        *("-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"),
        *("--timeout", "10s", "--latency", "-s", str(script), url, "--", *args),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    for line in done.stdout.splitlines():
        if line.startswith("WRK-RESULT "):
            result = json.loads(line.removeprefix("WRK-RESULT "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["ok"] = sum(n for s, n in result["status"].items() if 200 <= int(s) < 300)
            result["bad"] = (
                result["requests"]
                - result["ok"]
                + sum(result["errors"][k] for k in ("connect", "read", "write", "timeout"))
            )
            return result
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}{done.stderr}")


# --- the table -------------------------------------------------------------------------------


def served(r: dict) -> int:
    """Requests the server completed in a run: the answered ones, plus (where the data
    tells) those still in flight when wrk stopped (``created``)."""
    return max(r.get("created", 0), r["requests"], 1)


def cpu_per_request(r: dict) -> float:
    return (r["cpu"]["app"] + r["cpu"]["db"]) / served(r)


def per_request(r: dict) -> str:
    n = served(r)
    s, cpu = r["server"], r["cpu"]
    db_cpu = f"{cpu['db'] / n * 1000:.2f} ms" if cpu["db"] else "n/a"
    return (
        f"CPU {cpu['app'] / n * 1000:.2f} ms app + {db_cpu} PostgreSQL; "
        f"{s['commits'] / n:.2f} transactions, {s['inserted'] / n:.2f} rows inserted, "
        f"{s['updated'] / n:.2f} rows updated"
    )


def _row(name: str, r: dict) -> str:
    return (
        f"{name:<28}{r['rps']:>9.1f}{r['p50_us'] / 1000:>9.1f}{r['p99_us'] / 1000:>9.1f}"
        f"{r['max_us'] / 1000:>9.1f}{r['requests']:>10}{r['bad']:>9}"
    )


def say_table(
    floor: dict,
    measure: dict,
    *,
    what: str,
    load: str,
    loadavg: float,
    target_ratio: float,
    target_p99_ms: float,
) -> None:
    """The figures of ``what`` (one word: "submission", "swipe") next to the floor: req/s,
    p50, p99, max, the ratio and the p99 against their targets, CPU time per request."""
    ratio = measure["rps"] / floor["rps"]
    p99 = measure["p99_us"] / 1000
    say()
    say(
        f"gunicorn -w {WORKERS} (sync) · PostgreSQL {os.environ.get('ONETHING_BENCH_PG_VERSION')}"
        f" · {load} · {os.cpu_count()} CPUs · load average before {loadavg:.2f}"
    )
    heads = f"{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'requests':>10}{'non-2xx':>9}"
    say(f"{'':<28}{heads}")
    say(_row(FLOOR_NAME, floor))
    say(_row(measure["name"], measure))
    label = f"ratio {what} / floor"
    say(
        f"{label:<26}{ratio:.3f}   target ≥ {target_ratio}   "
        f"{'PASS' if ratio >= target_ratio else 'FAIL'}"
    )
    say(
        f"{what + ' p99':<26}{p99:.1f} ms   target ≤ {target_p99_ms:.0f} ms   "
        f"{'PASS' if p99 <= target_p99_ms else 'FAIL'}"
    )
    say(f"(floor p99 {floor['p99_us'] / 1000:.1f} ms, for reference)")
    say(f"per request, floor: {per_request(floor)}")
    say(f"per request, {what}: {per_request(measure)}")
    cpu_ratio = cpu_per_request(floor) / cpu_per_request(measure)
    say(
        f"ratio by CPU time per request (less sensitive to other load on the machine): "
        f"{cpu_ratio:.3f}; CPU-bound ceiling on {os.cpu_count()} CPUs: "
        f"{os.cpu_count() / cpu_per_request(measure):.0f} {what}s/s"
    )


def floor_problems(floor: dict) -> list[str]:
    if not floor["bad"]:
        return []
    return [f"floor: {floor['bad']} non-2xx answers or socket errors: {floor['sample'][:300]}"]


# --- the in-process profile ------------------------------------------------------------------


def floor_in_process(client) -> None:
    """The floor through the Django test client (no HTTP), for the in-process profile."""
    answer = client.post("/bench/floor", "{}", "application/json", HTTP_HOST="127.0.0.1")
    if answer.status_code != 201:
        raise RuntimeError(f"profile floor: {answer.status_code}")


def profile_in_process(prof, request, floor, n: int, *, what: str) -> None:
    """Where the time of one ``request()`` goes, in this process (the Django test client
    on the bench database, one connection, no HTTP, no concurrency): its SQL statements
    (``CaptureQueriesContext``), the exclusive time and SQL of each part ``prof`` wraps
    over ``n`` requests, the floor's ``n`` requests for reference, and the statements of
    one request by part. ``what``: "submission", "swipe"."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(20):  # warm
        request()
        floor()
    with CaptureQueriesContext(connection) as captured:
        request()
    one = list(captured.captured_queries)  # a view on the log, which the next request clears
    with CaptureQueriesContext(connection) as captured:
        floor()
    one_floor = list(captured.captured_queries)

    timed = prof.wrap("request: middleware, ninja, pydantic", request)
    with connection.execute_wrapper(prof.execute):
        prof.on = True
        started = time.perf_counter()
        for _ in range(n):
            timed()
        elapsed = time.perf_counter() - started
        prof.on = False
        floor_started = time.perf_counter()
        for _ in range(n):
            floor()
        floor_elapsed = time.perf_counter() - floor_started

    say(
        f"profile, in-process (Django test client, one connection, no HTTP, no concurrency), "
        f"{n} {what}s:"
    )
    statements = [q["sql"] for q in one if q["sql"] not in ("BEGIN", "COMMIT")]
    savepoints = sum(1 for q in statements if "SAVEPOINT" in q)
    say(
        f"one {what}: {elapsed / n * 1000:.2f} ms, {len(statements)} SQL statements "
        f"({savepoints} of them savepoints), + BEGIN/COMMIT in a transaction; the floor: "
        f"{floor_elapsed / n * 1000:.2f} ms, {len(one_floor)} statement (autocommit)"
    )
    prof.report(n, unit="req", width=40, sql_digits=2, calls=False)
    with connection.execute_wrapper(prof.execute):
        prof.trace = []
        timed()
        trace, prof.trace = prof.trace, None
    say(f"the statements of one {what}, by part (over HTTP add a SELECT 1: the health check")
    say("of the reused connection, CONN_HEALTH_CHECKS):")
    for label, sql in trace:
        sql = " ".join(sql.split())
        say(f"  {label[:34]:<35}{sql[:84]}")
    say()
