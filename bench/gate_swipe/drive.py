"""The driver, in the child process with Django set up on the bench database: the venue,
gates and honorees, the floor and the swipes under wrk, the checks, the table and the
in-process profile."""

from __future__ import annotations

import os
import time
from pathlib import Path

from common import say, say_failure
from gate_swipe import (
    CONNECTIONS,
    GATES,
    HONOREES,
    LUA,
    MEASURE_S,
    RETRY_BACK,
    RETRY_EVERY,
    TARGET_P99_MS,
    TARGET_RATIO,
    THREADS,
    WARMUP_S,
)
from gate_swipe.checks import check
from gate_swipe.profiling import profile
from gate_swipe.world import build, write_data
from http_load import Server, floor_problems, say_table, wrk_run


def _preflight(tokens: list[str], transit: list[str]) -> None:
    """Every gate authorises one swipe through the API in-process: a broken route or a
    refused card fails here, before anything is measured."""
    from django.test import Client

    from onething.core import clock

    client = Client()
    for i, token in enumerate(tokens):
        answer = client.post(
            "/api/gate/swipes",
            {"swipe_id": f"preflight-{i}", "card_number": transit[i], "at": clock.now()},
            content_type="application/json",
            HTTP_HOST="127.0.0.1",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if answer.status_code != 200 or not answer.json()["allowed"]:
            raise RuntimeError(f"preflight swipe: {answer.status_code} {answer.content[:300]}")


def drive(wrk: str) -> int:
    import django

    django.setup()
    from django.db import connection

    work = Path(os.environ["ONETHING_VAR_DIR"])
    started = time.perf_counter()
    tokens, transit = build()
    _preflight(tokens, transit)
    say(
        f"{GATES} gates with tokens, {HONOREES} honorees with cards, through the services, "
        f"each gate swiped once: {time.perf_counter() - started:.1f} s"
    )
    data = work / "swipe.data"
    write_data(data, tokens, transit)
    connection.close()

    def run(seconds: int, mode: str, label: str) -> dict:
        args = [mode, label]
        if mode == "swipe":
            args += [str(data), str(work / f"answers-{label}"), str(RETRY_EVERY), str(RETRY_BACK)]
        return wrk_run(
            wrk, server.url, seconds, LUA, args, threads=THREADS, connections=CONNECTIONS
        )

    loadavg = os.getloadavg()[0]
    with Server(work / "gunicorn.log") as server:
        run(WARMUP_S, "floor", "warm")
        floor = server.measured(lambda: run(MEASURE_S, "floor", "measure"))
        run(WARMUP_S, "swipe", "warm")
        swipe = server.measured(lambda: run(MEASURE_S, "swipe", "measure"))
        swipe["name"] = "gate authorisation"
        problems = floor_problems(floor) + check(swipe, "measure", work / "answers-measure")
        connection.close()

    say_table(
        floor,
        swipe,
        what="swipe",
        load=f"wrk -t{THREADS} -c{CONNECTIONS} -d{MEASURE_S}s (after {WARMUP_S} s warm-up)",
        loadavg=loadavg,
        target_ratio=TARGET_RATIO,
        target_p99_ms=TARGET_P99_MS,
    )
    for problem in problems:
        say(f"ERROR: {problem}")
    if not problems:
        say(
            f"checked: {swipe['ok']} answers 200, all allowed, for {swipe['distinct']} swipe "
            f"ids ({swipe['retried']} answers were retries of a swipe id, answered the same); "
            f"{swipe['created']} swipes stored ({swipe['in_flight']} still in flight when wrk "
            f"stopped), each in the ledger exactly once ({swipe['ledger_rows']} rows); "
            f"no non-2xx answers"
        )
    say()
    try:
        profile(tokens, transit)
    except Exception:
        say_failure("the in-process profile", 6)
        return 1
    return 1 if problems else 0
