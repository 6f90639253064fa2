"""The driver, in the child process with Django set up on the bench database: the streets,
devices, car park and gates, the floor, the scores and the gate events under wrk, the
checks, the tables and the in-process profile."""

from __future__ import annotations

import os
import time
from pathlib import Path

from citymgmt import (
    CONNECTIONS,
    DEVICES_PER_STREET,
    EXIT_LAG,
    GATES,
    LUA,
    MEASURE_S,
    RETRY_BACK,
    RETRY_EVERY,
    STREETS,
    TARGET_P99_MS,
    TARGET_RATIO,
    THREADS,
    WARMUP_S,
)
from citymgmt.checks import check_events, check_scores
from citymgmt.profiling import profile
from citymgmt.world import build, write_data
from common import say, say_failure
from http_load import Server, floor_problems, say_table, wrk_run

MARKS = {"sanitation": 4, "traffic_order": 4, "facilities": 5, "shop_signs": 3}
PLATES_FROM = {"warm": 0, "measure": 10_000_000}


def _preflight(devices: list[str], gates: list[str]) -> None:
    """A score from a device of the first and the last street, an entry and an exit at
    every gate, through the API in-process: a broken route fails here."""
    import json

    from django.test import Client

    from onething.core import clock

    client = Client()

    def post(url: str, body: dict, token: str, **headers) -> dict:
        answer = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_HOST="127.0.0.1",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **headers,
        )
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"preflight {url}: {answer.status_code} {answer.content[:300]}")
        return answer.json()

    for i, token in enumerate((devices[0], devices[-1])):
        post("/api/citymgmt/scores", {"marks": MARKS, "voter": f"preflight-{i}"}, token)
    for i, token in enumerate(gates):
        plate = f"苏B9{i:04d}"
        for kind in ("entry", "exit"):
            event = {"event_id": f"preflight-{i}-{kind}", "kind": kind, "plate": plate}
            post("/api/citymgmt/parking/events", event | {"at": clock.now().isoformat()}, token)


def drive(wrk: str) -> int:
    import django

    django.setup()
    from django.db import connection

    work = Path(os.environ["ONETHING_VAR_DIR"])
    started = time.perf_counter()
    devices, gates = build()
    _preflight(devices, gates)
    say(
        f"{STREETS} streets with {STREETS * DEVICES_PER_STREET} scoring devices, a shared car "
        f"park with {GATES} gates, through the services, each route answered once: "
        f"{time.perf_counter() - started:.1f} s"
    )
    files = {"score": work / "devices.data", "gate": work / "gates.data"}
    write_data(files["score"], devices)
    write_data(files["gate"], gates)
    connection.close()

    def run(seconds: int, mode: str, label: str) -> dict:
        args = [mode, label]
        if mode != "floor":
            args += [
                str(files[mode]),
                str(work / f"answers-{mode}-{label}"),
                str(RETRY_EVERY),
                str(RETRY_BACK),
                str(EXIT_LAG),
                str(PLATES_FROM[label]),
            ]
        return wrk_run(
            wrk, server.url, seconds, LUA, args, threads=THREADS, connections=CONNECTIONS
        )

    loadavg = os.getloadavg()[0]
    with Server(work / "gunicorn.log") as server:
        run(WARMUP_S, "floor", "warm")
        floor = server.measured(lambda: run(MEASURE_S, "floor", "measure"))
        run(WARMUP_S, "score", "warm")
        score = server.measured(lambda: run(MEASURE_S, "score", "measure"))
        score["name"] = "score from a device"
        problems = floor_problems(floor)
        problems += check_scores(score, "measure", work / "answers-score-measure")
        connection.close()
        run(WARMUP_S, "gate", "warm")
        gate = server.measured(lambda: run(MEASURE_S, "gate", "measure"))
        gate["name"] = "parking gate event"
        problems += check_events(gate, "measure", work / "answers-gate-measure")
        connection.close()

    load = f"wrk -t{THREADS} -c{CONNECTIONS} -d{MEASURE_S}s (after {WARMUP_S} s warm-up)"
    for measure, what in ((score, "score"), (gate, "event")):
        say_table(
            floor,
            measure,
            what=what,
            load=load,
            loadavg=loadavg,
            target_ratio=TARGET_RATIO,
            target_p99_ms=TARGET_P99_MS,
        )
    for problem in problems:
        say(f"ERROR: {problem}")
    if not problems:
        say(
            f"checked: {score['ok']} score answers 2xx for {score['distinct']} scores "
            f"({score['retried']} answers were retries, answered the same); {score['created']} "
            f"stored ({score['in_flight']} still in flight when wrk stopped), "
            f"{score['counted']} counted; {gate['ok']} gate answers 2xx for {gate['distinct']} "
            f"event ids ({gate['retried']} retries answered the same); {gate['created']} events "
            f"stored once each ({gate['in_flight']} in flight), {gate['entries']} entries, "
            f"{gate['exits']} exits each closing its stay; no non-2xx answers"
        )
    say()
    try:
        profile(devices, gates)
    except Exception:
        say_failure("the in-process profile", 6)
        return 1
    return 1 if problems else 0
