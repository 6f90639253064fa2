"""Where the time goes in one score and one gate event: in-process (the Django test
client, no HTTP), their SQL statements and their parts; optionally their CPU time by
package."""

from __future__ import annotations

import itertools
import json
import os
import secrets

from citymgmt import PROFILE_DEVICES, PROFILE_REQUESTS
from common import Profiler, cpu_by_package, say, say_shares
from http_load import floor_in_process, profile_in_process

# (module, function, label): the parts of a request, wrapped when the module has them
PARTS = [
    ("onething.citymgmt.selectors.scoring", "point_signing_in", "auth: device token → point"),
    ("onething.citymgmt.selectors.scoring", "criteria_active", "criteria (cached)"),
    ("onething.citymgmt.services.scoring.device", "rate", "device rate (cache)"),
    ("onething.citymgmt.services.scoring.device", "trailing_stats", "street's trailing mean"),
    ("onething.citymgmt.services.scoring.device", "_insert_once", "score INSERT (+ its key)"),
    ("onething.citymgmt.services.scoring.scores", "device_score", "device's score (all of it)"),
    ("onething.citymgmt.selectors.parking", "gate_signing_in", "auth: gate token → gate"),
    ("onething.citymgmt.selectors.parking", "parking_setting", "car park's setting (cached)"),
    ("onething.citymgmt.services.parking.statements", "plate_now", "plate's registrations"),
    ("onething.citymgmt.services.parking.statements", "open_stay", "plate's open stay"),
    ("onething.citymgmt.services.parking.statements", "entry_once", "entry: event + stay"),
    ("onething.citymgmt.services.parking.statements", "exit_once", "exit: event + stay"),
]


def _instrument(prof: Profiler) -> None:
    """Wrap the parts (in this process only; the code is not changed)."""
    from importlib import import_module

    from django.db import connection
    from ninja.operation import Operation

    for module_name, name, label in PARTS:
        module = import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, prof.wrap(label, getattr(module, name)))
    connection.commit = prof.wrap("COMMIT", connection.commit)
    Operation._result_to_response = prof.wrap("response (serialise)", Operation._result_to_response)


def profile(devices: list[str], gates: list[str]) -> None:
    from django.test import Client

    from onething.core import clock

    client = Client()
    counter = itertools.count()
    nonce = secrets.token_hex(3)

    def post(url: str, body: dict, token: str, **headers) -> None:
        answer = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_HOST="127.0.0.1",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **headers,
        )
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"profile {url}: {answer.status_code} {answer.content[:300]}")

    def score() -> None:
        n = next(counter)
        marks = {"sanitation": 4, "traffic_order": 3, "facilities": 5, "shop_signs": 4}
        voter = f"profile-{nonce}-{n}"
        post(
            "/api/citymgmt/scores",
            {"marks": marks, "voter": voter},
            devices[n % min(PROFILE_DEVICES, len(devices))],
            HTTP_IDEMPOTENCY_KEY=voter,
        )

    def event() -> None:
        n = next(counter)
        plate = f"苏BP{n % 10000:04d}"
        kind = "entry" if n % 2 == 0 else "exit"
        if kind == "exit":
            plate = f"苏BP{(n - 1) % 10000:04d}"
        body = {"event_id": f"profile-{nonce}-{n}", "kind": kind, "plate": plate}
        post(
            "/api/citymgmt/parking/events",
            body | {"at": clock.now().isoformat()},
            gates[n % len(gates)],
        )

    prof = Profiler(on=False)
    _instrument(prof)
    for _ in range(PROFILE_DEVICES):  # each profiled device's token cached, as under load
        score()
    for request, what in ((score, "score"), (event, "event")):
        profile_in_process(
            prof, request, lambda: floor_in_process(client), PROFILE_REQUESTS, what=what
        )
        prof.time.clear()
        prof.calls.clear()
        prof.sql.clear()
        prof.sql_time.clear()

    if os.environ.get("ONETHING_BENCH_CPROFILE"):
        n = 300
        python = "Python itself (builtins, stdlib)"
        for request, what in ((score, "score"), (event, "event")):
            spent = cpu_by_package(request, n, builtins=python, stdlib=python)
            say(f"CPU by package over {n} {what}s (cProfile, its overhead included):")
            say_shares(spent, 10)
