"""Timing the discovered requests: one user (each request five times in a row, after a
warm-up) and sixteen users at once (threads, each a role's session looping over that
role's requests for a while); the floor (``/healthz``: one ``SELECT 1``) timed alongside."""

from __future__ import annotations

import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from city_pages.discover import Client


@dataclass(frozen=True)
class Timing:
    role: str
    path: str
    p50: float
    p95: float
    worst: float
    count: int
    errors: int


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_user(sessions: dict[str, Client], plan: dict[str, list[str]], repeat: int = 5):
    timings = []
    for role, paths in plan.items():
        client = sessions[role]
        for path in paths:
            client.get(path)  # warm-up
            seconds, errors = [], 0
            for _ in range(repeat):
                status, _body, elapsed = client.get(path)
                seconds.append(elapsed)
                errors += status >= 400
            timings.append(
                Timing(
                    role,
                    path,
                    statistics.median(seconds),
                    _percentile(seconds, 0.95),
                    max(seconds),
                    len(seconds),
                    errors,
                )
            )
    return timings


def many_users(
    make_session, plan: dict[str, list[str]], users: int = 16, seconds: float = 60
) -> tuple[list[Timing], int]:
    """``users`` threads, round robin over the roles, for ``seconds``: each path's timings
    (p50, p95, worst) and the requests answered per second."""
    roles = [r for r, paths in plan.items() if paths]
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    errors: dict[tuple[str, str], int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(n: int) -> None:
        role = roles[n % len(roles)]
        client = make_session(role)
        paths = plan[role]
        i = n
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            status, _body, elapsed = client.get(path)
            with lock:
                found[(role, path)].append(elapsed)
                errors[(role, path)] += status >= 400

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(len(v) for v in found.values())
    rate = int(total / (time.monotonic() - started))
    timings = [
        Timing(
            role,
            path,
            statistics.median(v),
            _percentile(v, 0.95),
            max(v),
            len(v),
            errors[(role, path)],
        )
        for (role, path), v in found.items()
    ]
    return timings, rate


def summary(timings: list[Timing]) -> dict[str, float]:
    p50s = [t.p50 for t in timings]
    return {
        "median of medians": statistics.median(p50s) if p50s else 0.0,
        "worst p95": max((t.p95 for t in timings), default=0.0),
        "worst": max((t.worst for t in timings), default=0.0),
    }
