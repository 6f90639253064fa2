"""Every page and GET endpoint, as every role reaches them, at a whole city's volume.

What runs (docs/performance.md has the figures):

1. The PostgreSQL database ``onething_bench_city``: the demo city plus ``python -m
   onething generate --city`` (6M cases, 3M appeals, 10M swipes at ``--scale 1``; the
   share from ``ONETHING_BENCH_CITY_SCALE``). Reused while its marker row says the same
   scale (``ONETHING_BENCH_REBUILD=1`` rebuilds).
2. gunicorn (2 workers, DEBUG off) on it. Each role signs in; its pages are found from the
   URL configuration (a route with parameters takes the first link to it on the role's
   other pages) and its GET endpoints from the OpenAPI document (a path with parameters
   takes its value from the list above it) — not typed by hand.
3. One user: each request five times after a warm-up: p50, p95, worst per request, and the
   slowest 20. The anchor, measured in the same run: ``/healthz`` (one ``SELECT 1``).
4. Sixteen users at once (threads, round robin over the roles) for 60 s: per request p50
   and the overall median; again with two gunicorn servers behind HAProxy.

Targets (issue 16): p95 ≤ 200 ms per request with one user; median ≤ 100 ms with 16 users
— next to Open Zaak's published 240–310 ms (16 users, 1,000,000 cases, 10 pods). Returns
non-zero only on a real error, never for a missed target. Run alone:
``.venv/bin/python bench/run.py city_pages``."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import common
from common import PG_SERVER, say

HERE_ROLES_PASSWORD = "Demo#2026"


def main() -> int:
    from city_pages.data import database

    with common.scratch_dir("onething-bench-city-") as var_dir:
        try:
            found = database(var_dir)
        except Exception as exc:
            say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({common.reason(exc)}).")
            return 0
        if found is None:
            return 1
        env, how = found
        say(f"city database: {how}")
        collect = [sys.executable, "-m", "onething", "collectstatic", "--noinput", "-v", "0"]
        if not common.step("collectstatic", collect, env):
            return 1
        done = subprocess.run(
            [sys.executable, __file__, "--drive", str(var_dir)], env=env, cwd=common.ROOT
        )
        return done.returncode


def _gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "onething.config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=common.ROOT,
    )


def drive(_var_dir: str) -> int:
    import django

    django.setup()
    from city_pages import ROLES
    from city_pages.discover import Client, discover
    from city_pages.measure import many_users, one_user, summary

    sys.path.insert(0, str(common.ROOT))
    from tests.servers import free_port, load_balancer, wait_for

    env = dict(os.environ)
    port = free_port()
    servers = [_gunicorn(port, env)]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", 60)

        def session(role: str | None, at: str = base) -> Client:
            client = Client(at)
            if role and role != "anyone":
                client.sign_in(role, HERE_ROLES_PASSWORD)
            return client

        plan, sessions = {}, {}
        for role in ROLES:
            name = role or "anyone"
            sessions[name] = session(role)
            routes = discover(sessions[name], role)
            plan[name] = routes.pages + routes.api
            say(f"{name:<16} {len(routes.pages):3} pages, {len(routes.api):3} GET endpoints")
        floor = one_user({"anyone": sessions["anyone"]}, {"anyone": ["/healthz"]}, repeat=20)[0]
        timings = one_user(sessions, plan)
        s = summary(timings)
        say("")
        say(f"one user: {len(timings)} requests; floor /healthz p50 {floor.p50 * 1000:.1f} ms")
        say(
            f"  median of medians {s['median of medians'] * 1000:.0f} ms, worst p95 "
            f"{s['worst p95'] * 1000:.0f} ms (target ≤ 200 ms: "
            f"{'PASS' if s['worst p95'] <= 0.2 else 'FAIL'}), worst {s['worst'] * 1000:.0f} ms"
        )
        slow = sorted(timings, key=lambda t: -t.p95)[:20]
        say("  the slowest 20 (p95, ms; role, request; ratio to the floor's p50):")
        for t in slow:
            errors = f"  {t.errors} errors" if t.errors else ""
            say(
                f"    {t.p95 * 1000:7.0f}  {t.role:<14} {t.path[:70]:<70} "
                f"×{t.p95 / floor.p50:,.0f}{errors}"
            )
        for label, at in (("one server", base), ("two servers behind HAProxy", None)):
            if at is None:
                second = free_port()
                servers.append(_gunicorn(second, env))
                wait_for(f"http://127.0.0.1:{second}/healthz", 60)

                class Server:
                    def __init__(self, name, url):
                        self.name, self.base = name, url

                from pathlib import Path

                with load_balancer(
                    [Server("a", base), Server("b", f"http://127.0.0.1:{second}")],
                    Path(_var_dir),
                ) as lb:
                    many, rate = many_users(lambda r, lb=lb: session(r, lb), plan)
            else:
                many, rate = many_users(lambda r: session(r), plan)
            m = summary(many)
            say("")
            say(
                f"16 users, {label}: {rate} requests/s; median of medians "
                f"{m['median of medians'] * 1000:.0f} ms (target ≤ 100 ms: "
                f"{'PASS' if m['median of medians'] <= 0.1 else 'FAIL'}), worst p95 "
                f"{m['worst p95'] * 1000:.0f} ms; Open Zaak publishes 240–310 ms"
            )
        errors = sum(t.errors for t in timings)
        if errors:
            say(f"WARNING: {errors} answers of 400 or more in the one-user run")
        return 0
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        time.sleep(0.1)


if __name__ == "__main__":
    common.drive_if_child(drive)
    sys.exit(main())
