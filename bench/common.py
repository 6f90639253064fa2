"""What the benchmarks in bench/ share: printing, the parent's set-up of a fresh bench
database (keys, environment, migrations, the demo city), and the driver's profiling tools
(exclusive wall time and SQL per labelled function, CPU time by package).

Imported as ``common``: bench/ is on ``sys.path`` both under bench/run.py and in the
driver child each benchmark starts (``python bench/bench_<name>.py --drive …``)."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_SERVER = os.environ.get("ONETHING_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def say(text: str = "") -> None:
    print(f"   {text}" if text else "", flush=True)


def say_failure(what: str, lines: int) -> None:
    """In an ``except`` block: "ERROR: ``what`` failed:" and the traceback's last lines."""
    import traceback

    say(f"ERROR: {what} failed:")
    print("".join(traceback.format_exc().splitlines(keepends=True)[-lines:]), flush=True)


# --- the parent: a fresh database, migrated, with the demo city ------------------------------


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def bench_env(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The child processes' environment: this one without the developer's ONETHING_*,
    DJANGO_* and DATABASE_URL, with the bench settings, fresh keys and ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ONETHING_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="onething.config.bench_settings",
        ONETHING_SKIP_DOTENV="1",  # never the developer's .env (DEBUG on, other database)
        ONETHING_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ONETHING_DATA_KEYS=f"b1:{key()}",
        ONETHING_INDEX_KEY=key(),
        ONETHING_AUDIT_KEY=key(),
        DATABASE_URL=database_url,
        ONETHING_VAR_DIR=str(var_dir),
        ONETHING_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def step(what: str, argv: list[str], env: dict[str, str]) -> bool:
    """Run one set-up command; print its time, or its output's tail if it failed."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        say(f"ERROR: {what} failed (exit {done.returncode}):")
        print((done.stdout + done.stderr)[-3000:], flush=True)
        return False
    say(f"{what}: {time.perf_counter() - started:.1f} s")
    return True


def migrate_and_demo(env: dict[str, str]) -> bool:
    """Migrations, then the demo city (``python -m onething demo``); False on a failure."""
    py = sys.executable
    if not step("migrate", [py, "-m", "onething", "migrate", "--noinput", "-v", "0"], env):
        return False
    return step("demo city", [py, "-m", "onething", "demo"], env)


def pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)


def pg_recreate(name: str) -> str:
    """Drop and create the database ``name`` on PG_SERVER; the server's version. Raises
    when PostgreSQL is not reachable."""
    with pg_admin() as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return version


def reason(exc: Exception) -> str:
    """An exception on one short line."""
    return " ".join(str(exc).split())[:160]


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary ONETHING_VAR_DIR (with its static/), removed afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    (var_dir / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
    try:
        yield var_dir
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def drive_if_child(drive: Callable[[str], int]) -> None:
    """In the child started as ``python bench/bench_<name>.py --drive ARG``: run
    ``drive(ARG)`` and exit with its code."""
    if sys.argv[1:2] == ["--drive"]:
        sys.exit(drive(sys.argv[2]))


# --- the driver: where the time goes -------------------------------------------------------


class Profiler:
    """Exclusive wall time and SQL statements per labelled function (nested calls are
    subtracted from their caller); SQL is attributed to the innermost label, or to
    ``outside``. Counts while ``on``; records (label, statement) while ``trace`` is a list."""

    def __init__(self, *, outside: str = "outside", on: bool = True):
        from collections import Counter, defaultdict

        self.stack: list[list] = []
        self.time: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.sql: Counter[str] = Counter()
        self.sql_time: dict[str, float] = defaultdict(float)
        self.outside = outside
        self.on = on
        self.trace: list[tuple[str, str]] | None = None  # (label, statement) when tracing

    def enter(self, label: str) -> None:
        if self.trace is not None and label == "COMMIT":
            self.trace.append((label, "COMMIT"))
        self.stack.append([label, time.perf_counter(), 0.0])

    def leave(self) -> None:
        label, start, children = self.stack.pop()
        elapsed = time.perf_counter() - start
        if self.on:
            self.time[label] += elapsed - children
            self.calls[label] += 1
        if self.stack:
            self.stack[-1][2] += elapsed

    def wrap(self, label: str, fn):
        import functools

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.enter(label)
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def execute(self, execute, sql, params, many, context):
        """A ``connection.execute_wrapper``."""
        if self.trace is not None:
            self.trace.append((self.stack[-1][0] if self.stack else self.outside, sql))
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if self.on:
                label = self.stack[-1][0] if self.stack else self.outside
                self.sql[label] += 1
                self.sql_time[label] += time.perf_counter() - start

    def report(self, n: int, *, unit: str, width: int, sql_digits: int, calls: bool) -> None:
        """Print the parts, most time first, per ``unit`` (``n`` of them), and the total."""
        head = f"{'part':<{width}}{'ms/' + unit:>8}{'share':>7}{'SQL/' + unit:>9}{'SQL ms':>8}"
        say(head + (f"{'calls':>7}" if calls else ""))
        total = sum(self.time.values())
        for label, spent in sorted(self.time.items(), key=lambda kv: -kv[1]):
            row = (
                f"{label:<{width}}{spent / n * 1000:>8.2f}{spent / total:>7.0%}"
                f"{self.sql[label] / n:>9.{sql_digits}f}{self.sql_time[label] / n * 1000:>8.2f}"
            )
            say(row + (f"{self.calls[label] / n:>7.1f}" if calls else ""))
        say(
            f"{'total':<{width}}{total / n * 1000:>8.2f}{1:>7.0%}"
            f"{sum(self.sql.values()) / n:>9.{sql_digits}f}"
            f"{sum(self.sql_time.values()) / n * 1000:>8.2f}"
        )


def cpu_by_package(run: Callable[[], object], n: int, *, builtins: str, stdlib: str):
    """CPU time (not wall time) of ``n`` calls of ``run`` by package, from cProfile: a
    Counter of seconds; C builtins are counted under ``builtins``, the standard library
    under ``stdlib``."""
    import cProfile
    import pstats
    from collections import Counter

    cpu = cProfile.Profile(time.process_time)
    cpu.enable()
    for _ in range(n):
        run()
    cpu.disable()
    spent: Counter[str] = Counter()
    for (path, _line, _name), (_cc, _nc, own, _cumulative, _callers) in pstats.Stats(
        cpu
    ).stats.items():
        if "site-packages/" in path:
            parts = path.split("site-packages/")[1].split("/")
            package = "/".join(parts[:3]) if parts[:2] == ["django", "db"] else parts[0]
        elif "/onething/" in path:
            package = "onething"
        elif path == "~":
            package = builtins
        else:
            package = stdlib
        spent[package] += own
    return spent


def say_shares(spent, top: int) -> None:
    """The ``top`` packages of a ``cpu_by_package`` Counter, with their shares."""
    total = sum(spent.values())
    for package, own in spent.most_common(top):
        say(f"  {own / total:6.1%}  {package.removesuffix('.py')}")
