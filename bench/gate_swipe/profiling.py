"""Where the time goes in one swipe: in-process (the Django test client, no HTTP), its SQL
statements and its parts; optionally its CPU time by package."""

from __future__ import annotations

import itertools
import os
import secrets

from common import Profiler, cpu_by_package, say, say_shares
from gate_swipe import PROFILE_REQUESTS
from http_load import floor_in_process, profile_in_process

# (module, function, label): the parts of a swipe, wrapped when the module has them
PARTS = [
    ("onething.core.apiutils", "token_user", "auth: bearer token → account (core)"),
    ("onething.cards.services.gates", "gate_caller", "auth: gate token → actor"),
    ("onething.cards.services.gates.swipe", "gate_of", "gate of the account (cached)"),
    ("onething.cards.services.gates.swipe", "venue_rules", "rules of the venue (cached)"),
    ("onething.cards.services.gates.swipe", "swipe_clean", "validation"),
    ("onething.cards.services.gates.swipe", "_present_locked", "card + lock of the honoree"),
    ("onething.cards.services.gates.swipe", "_present", "card (+ honoree lock if capped)"),
    ("onething.cards.services.gates.swipe", "decide_swipe", "decision (rules, caps)"),
    ("onething.cards.services.gates.swipe", "_insert_once", "swipe INSERT"),
    ("onething.cards.services.gates.statements", "insert_once", "swipe + ledger INSERT"),
    ("onething.cards.services.gates.swipe", "store_swipe", "store: the rest (ledger row)"),
    ("onething.cards.selectors.ledger", "swipe_answer", "answer (dict)"),
]


def _instrument(prof: Profiler) -> None:
    """Wrap the parts of a swipe (in this process only; the code is not changed)."""
    from importlib import import_module

    from django.db import connection
    from ninja.operation import Operation

    for module_name, name, label in PARTS:
        module = import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, prof.wrap(label, getattr(module, name)))
    connection.commit = prof.wrap("COMMIT", connection.commit)
    Operation._result_to_response = prof.wrap("response (serialise)", Operation._result_to_response)


def profile(tokens: list[str], transit: list[str]) -> None:
    from django.test import Client

    from onething.core import clock

    client = Client()
    counter = itertools.count()
    nonce = secrets.token_hex(3)

    def swipe():
        n = next(counter)
        answer = client.post(
            "/api/gate/swipes",
            {
                "swipe_id": f"profile-{nonce}-{n}",
                "card_number": transit[n % len(transit)],
                "at": clock.now(),
            },
            content_type="application/json",
            HTTP_HOST="127.0.0.1",
            HTTP_AUTHORIZATION=f"Bearer {tokens[n % len(tokens)]}",
        )
        if answer.status_code != 200 or not answer.json()["allowed"]:
            raise RuntimeError(f"profile swipe: {answer.status_code} {answer.content[:300]}")

    prof = Profiler(on=False)
    _instrument(prof)
    profile_in_process(
        prof, swipe, lambda: floor_in_process(client), PROFILE_REQUESTS, what="swipe"
    )

    if os.environ.get("ONETHING_BENCH_CPROFILE"):
        n = 300
        python = "Python itself (builtins, stdlib)"
        spent = cpu_by_package(swipe, n, builtins=python, stdlib=python)
        say(f"CPU by package over {n} swipes (cProfile, its overhead included):")
        say_shares(spent, 10)
