"""The bench database: reused when its marker row says it holds ``CASES`` generated cases
(generating 5,000,000 takes minutes), else dropped, recreated, migrated, loaded with the
demo city and the generator's cases, and marked. ``ONETHING_BENCH_REBUILD=1`` forces the
rebuild."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import common
from common import PG_SERVER, say
from dashboard import CASES, DB_NAME, KEPT_ENV, MARKER, REBUILD, SEED

PROGRESS = re.compile(r"^\s+[\d,]+ cases \(")


def _connect():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/{DB_NAME}", autocommit=True, connect_timeout=3)


def marked() -> dict | None:
    """The marker of a database that holds ``CASES`` generated cases: its kept environment
    and when it was made; None if there is no such database (or it holds another count)."""
    try:
        with _connect() as conn:
            row = conn.execute(
                f"SELECT cases, env, made_at FROM {MARKER} ORDER BY made_at DESC LIMIT 1"
            ).fetchone()
    except Exception:
        return None
    if row is None or row[0] != CASES:
        return None
    return {"env": row[1], "made_at": row[2]}


def _mark(env: dict[str, str]) -> None:
    kept = {k: env[k] for k in KEPT_ENV}
    with _connect() as conn:
        conn.execute(f"CREATE TABLE {MARKER} (cases bigint, env jsonb, made_at timestamptz)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, now())", [CASES, json.dumps(kept)])


def _generate(env: dict[str, str]) -> bool:
    """``python -m onething generate --cases CASES``, its phases printed."""
    argv = [sys.executable, "-m", "onething", "generate", "--cases", str(CASES)]
    argv += ["--seed", str(SEED)]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=common.ROOT, capture_output=True, text=True)
    if done.returncode:
        say(f"ERROR: the generator failed (exit {done.returncode}):")
        print((done.stdout + done.stderr)[-3000:], flush=True)
        return False
    say(f"generate --cases {CASES} --seed {SEED}: {time.perf_counter() - started:.1f} s")
    for line in done.stdout.splitlines():
        if not PROGRESS.match(line):  # the phases and the totals, not each chunk
            say(f"  {line.strip()}")
    return True


def database(var_dir) -> tuple[dict[str, str], str] | None:
    """The child's environment on a bench database holding the cases, and what was done;
    None on a failure (printed). Raises when PostgreSQL is not reachable."""
    url = f"{PG_SERVER}/{DB_NAME}"
    found = None if REBUILD else marked()
    if found is not None:
        env = common.bench_env(var_dir, url)
        env.update(found["env"])
        made = f"{found['made_at']:%Y-%m-%d %H:%M %Z}"
        return env, f"reused (generated {made}; ONETHING_BENCH_REBUILD=1 rebuilds)"
    version = common.pg_recreate(DB_NAME)
    say(f"database {DB_NAME} on {PG_SERVER} (PostgreSQL {version}), recreated")
    env = common.bench_env(var_dir, url)
    if not common.migrate_and_demo(env) or not _generate(env):
        return None
    _mark(env)
    return env, f"made now, marked for reuse ({MARKER})"
