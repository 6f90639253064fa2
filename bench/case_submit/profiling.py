"""Where the time goes in one submission: in-process (the Django test client, no HTTP),
its SQL statements and its parts; optionally its CPU time by package."""

import json
import os
import secrets
import time

from case_submit import FORM, ITEM, PROFILE_REQUESTS
from case_submit.data import upload_pool, upload_templates
from common import Profiler, cpu_by_package, say, say_shares


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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

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

    def floor():
        answer = client.post("/bench/floor", "{}", "application/json", HTTP_HOST="127.0.0.1")
        if answer.status_code != 201:
            raise RuntimeError(f"profile floor: {answer.status_code}")

    for _ in range(20):  # warm
        submit()
        floor()

    # 1. the SQL of one submission, exactly
    with CaptureQueriesContext(connection) as captured:
        submit()
    one = list(captured.captured_queries)  # a view on the log, which the next request clears
    with CaptureQueriesContext(connection) as captured:
        floor()
    one_floor = list(captured.captured_queries)

    # 2. where the time goes, over PROFILE_REQUESTS submissions
    prof = Profiler(on=False)
    _instrument(prof)
    request = prof.wrap("request: middleware, ninja, pydantic", submit)
    with connection.execute_wrapper(prof.execute):
        prof.on = True
        started = time.perf_counter()
        for _ in range(PROFILE_REQUESTS):
            request()
        elapsed = time.perf_counter() - started
        prof.on = False
        floor_started = time.perf_counter()
        for _ in range(PROFILE_REQUESTS):
            floor()
        floor_elapsed = time.perf_counter() - floor_started

    n = PROFILE_REQUESTS
    say(
        f"profile, in-process (Django test client, one connection, no HTTP, no concurrency), "
        f"{n} submissions:"
    )
    statements = [q["sql"] for q in one if q["sql"] not in ("BEGIN", "COMMIT")]
    savepoints = sum(1 for q in statements if "SAVEPOINT" in q)
    say(
        f"one submission: {elapsed / n * 1000:.2f} ms, {len(statements)} SQL statements "
        f"({savepoints} of them savepoints) + BEGIN/COMMIT; the floor: "
        f"{floor_elapsed / n * 1000:.2f} ms, {len(one_floor)} statement (autocommit)"
    )
    prof.report(n, unit="req", width=40, sql_digits=2, calls=False)
    with connection.execute_wrapper(prof.execute):
        prof.trace = []
        request()
        trace, prof.trace = prof.trace, None
    say("the statements of one submission, by part (over HTTP add a SELECT 1: the health check")
    say("of the reused connection, CONN_HEALTH_CHECKS):")
    for label, sql in trace:
        sql = " ".join(sql.split())
        say(f"  {label[:34]:<35}{sql[:84]}")
    say()

    if os.environ.get("ONETHING_BENCH_CPROFILE"):
        n = min(100, len(queue))
        python = "Python itself (builtins, stdlib)"
        spent = cpu_by_package(submit, n, builtins=python, stdlib=python)
        say(f"CPU by package over {n} submissions (cProfile, its overhead included):")
        say_shares(spent, 10)
