"""The server side of a measure: gunicorn on a free port, wrk driving it, and what a
measure cost (the CPU time of the workers and of PostgreSQL, the database's counters)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from case_submit import CONNECTIONS, DB_NAME, LUA, THREADS, WORKERS
from common import ROOT


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
    """gunicorn on a free port of 127.0.0.1, its log in a file."""

    master_pid = -1

    def __init__(self, log_path: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            _gunicorn_argv(self.port), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        Server.master_pid = self.process.pid
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


def token_post_is_refused(url: str, secret: str) -> bool:
    """Whether a bearer-token POST without a CSRF cookie is refused with 403 csrf_failed
    (the API's session authentication is tried first and checks CSRF before the token is
    looked at). An empty body: authentication runs before the body is parsed."""
    probe = urllib.request.Request(
        f"{url}/api/cases",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(probe, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status == 403 and b"csrf_failed" in body


def wrk_run(
    wrk: str, url: str, seconds: int, mode: str, label: str, data: Path, csrf: str = ""
) -> dict:
    argv = [
        wrk,
        "-t",
        str(THREADS),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        mode,
        label,
        str(data),
        str(THREADS),
        *([csrf] if csrf else []),
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


def _cpu_seconds() -> dict[str, dict[int, float]]:
    """CPU time (user + system) so far of the gunicorn workers (children of this run's
    master) and of the PostgreSQL server processes serving the bench database."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, dict[int, float]] = {"app": {}, "db": {}}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2 :].split()
            ppid, cpu = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
            if ppid == Server.master_pid:
                found["app"][int(entry.name)] = cpu
            else:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    title = f.read()
                if title.startswith(b"postgres: ") and f" {DB_NAME} ".encode() in title:
                    found["db"][int(entry.name)] = cpu
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not ours to read
    return found


def measured(run):
    """Run ``run()``, with the CPU time it cost the app and the database, and the
    database's own counters. The pauses let the requests in flight at each end finish and
    the server processes flush their counters (about once a second)."""
    time.sleep(1.5)
    before, cpu_before = _server_counters(), _cpu_seconds()
    result = run()
    time.sleep(1.5)
    after, cpu_after = _server_counters(), _cpu_seconds()
    result["cpu"] = {
        side: sum(t - cpu_before[side].get(pid, 0.0) for pid, t in cpu_after[side].items())
        for side in ("app", "db")
    }
    result["server"] = {k: (after[k] - before[k]) for k in after}
    return result
