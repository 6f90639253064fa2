"""The city database: reused when its marker row says it holds the city at ``SCALE``
(generating a whole city takes a quarter of an hour), else dropped, recreated, migrated,
loaded with the demo city and ``generate --city --scale SCALE``, and marked."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import common
from city_pages import DB_NAME, KEPT_ENV, MARKER, REBUILD, SCALE, SEED
from common import PG_SERVER, say


def _connect():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/{DB_NAME}", autocommit=True, connect_timeout=3)


def marked() -> dict | None:
    try:
        with _connect() as conn:
            row = conn.execute(
                f"SELECT scale, env, made_at FROM {MARKER} ORDER BY made_at DESC LIMIT 1"
            ).fetchone()
    except Exception:
        return None
    if row is None or float(row[0]) != SCALE:
        return None
    return {"env": row[1], "made_at": row[2]}


def database(var_dir) -> tuple[dict[str, str], str] | None:
    url = f"{PG_SERVER}/{DB_NAME}"
    found = None if REBUILD else marked()
    if found is not None:
        env = common.bench_env(var_dir, url)
        env.update(found["env"])
        return env, f"reused (made {found['made_at']:%Y-%m-%d %H:%M}; ONETHING_BENCH_REBUILD=1)"
    version = common.pg_recreate(DB_NAME)
    say(f"database {DB_NAME} (PostgreSQL {version}), recreated")
    env = common.bench_env(var_dir, url)
    if not common.migrate_and_demo(env):
        return None
    argv = [sys.executable, "-m", "onething", "generate", "--city", "--scale", str(SCALE)]
    argv += ["--seed", str(SEED)]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=common.ROOT, capture_output=True, text=True)
    if done.returncode:
        say(f"ERROR: the generator failed (exit {done.returncode}):")
        print((done.stdout + done.stderr)[-3000:], flush=True)
        return None
    say(f"generate --city --scale {SCALE}: {time.perf_counter() - started:.0f} s")
    for line in done.stdout.splitlines():
        if " of " not in line and "rows/s" not in line:
            say(f"  {line.strip()}")
    kept = {k: env[k] for k in KEPT_ENV}
    with _connect() as conn:
        conn.execute(f"CREATE TABLE {MARKER} (scale float, env jsonb, made_at timestamptz)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, now())", [SCALE, json.dumps(kept)])
    return env, "made now, marked for reuse"
