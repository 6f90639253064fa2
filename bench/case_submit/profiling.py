"""Where the time goes in one submission: in-process (the Django test client, no HTTP),
its SQL statements and its parts; optionally its CPU time by package."""

import json
import os
import secrets

from case_submit import FORM, ITEM, PROFILE_REQUESTS
from case_submit.data import upload_pool, upload_templates
from common import Profiler, cpu_by_package, say, say_shares
from http_load import floor_in_process, profile_in_process


def _instrument(prof: Profiler) -> None:
    """Wrap the parts of a submission (in this process only; the code is not changed)."""
    from django.db import connection
    from ninja.operation import Operation

    from onething.cases.services import common, intake
    from onething.core import apiutils

    parts = {
        apiutils: {"token_user": "auth: bearer token → account", "actor_for": "auth: actor"},
        intake: {
            "_item": "item (+ materials, department; cached)",
            "_where": "routing (department and centre, cached)",
            "owned_uploads": "uploads: lock and check",
            "_validated": "validation (delivery, materials)",
            "clean_form": "validation: form JSON Schema",
            "number_next": "numbering",
            "_create_case": "case INSERT + attach uploads",
            "audit_record": "audit entry (chain head lock)",
        },
        common: {"message_send": "message (outbox row)"},
    }
    for module, names in parts.items():
        for name, label in names.items():
            setattr(module, name, prof.wrap(label, getattr(module, name)))

    claim = intake.idempotent_create

    def idempotent(**kwargs):
        kwargs["create"] = prof.wrap("case_submit body (applicant, checks)", kwargs["create"])
        return claim(**kwargs)

    intake.idempotent_create = prof.wrap("idempotency (claim, record)", idempotent)

    from django_tasks_db.backend import DatabaseBackend

    # the message's delivery task: a row in the task queue, in the submission's transaction
    DatabaseBackend.enqueue = prof.wrap("task enqueue", DatabaseBackend.enqueue)
    connection.commit = prof.wrap("COMMIT", connection.commit)
    Operation._result_to_response = prof.wrap(
        "response (serialise the case)", Operation._result_to_response
    )


def profile(people) -> None:
    from django.test import Client

    users = [p[0] for p in people]
    templates = upload_templates(people[0][1])
    n_total = PROFILE_REQUESTS + 160  # + warm-up, the traced one, the optional cProfile
    per_user = n_total // len(users) + 2
    pool = upload_pool(users, templates, per_user)
    queue = []
    for i in range(n_total):
        user, _actor, secret = people[i % len(people)]
        queue.append((secret, pool[user.pk][i // len(people)]))
    client = Client()
    counter = iter(range(10**9))
    nonce = secrets.token_hex(4)

    def submit():
        secret, triple = queue.pop()
        body = json.dumps(
            {"item_code": ITEM, "form": FORM, "materials": [int(i) for i in triple.split(",")]}
        )
        answer = client.post(
            "/api/cases",
            body,
            content_type="application/json",
            HTTP_HOST="127.0.0.1",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_IDEMPOTENCY_KEY=f"bench-profile-{nonce}-{next(counter)}",
        )
        if answer.status_code != 201:
            raise RuntimeError(f"profile submission: {answer.status_code} {answer.content[:300]}")

    prof = Profiler(on=False)
    _instrument(prof)
    profile_in_process(
        prof, submit, lambda: floor_in_process(client), PROFILE_REQUESTS, what="submission"
    )

    if os.environ.get("ONETHING_BENCH_CPROFILE"):
        n = min(100, len(queue))
        python = "Python itself (builtins, stdlib)"
        spent = cpu_by_package(submit, n, builtins=python, stdlib=python)
        say(f"CPU by package over {n} submissions (cProfile, its overhead included):")
        say_shares(spent, 10)
