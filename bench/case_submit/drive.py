"""The driver, in the child process with Django set up on the bench database: the
applicants, the floor and the submissions under wrk, the checks, the table and the
in-process profile."""

import os
import secrets
import time
from pathlib import Path

from case_submit import (
    APPLICANTS,
    CONNECTIONS,
    FORM,
    ITEM,
    MEASURE_S,
    TARGET_P99_MS,
    TARGET_RATIO,
    THREADS,
    WARMUP_S,
)
from case_submit.data import check, register_applicants, upload_pool, upload_templates, write_data
from case_submit.profiling import profile
from case_submit.server import token_post_is_refused, wrk_case
from common import say, say_failure
from http_load import Server, floor_problems, say_table


def drive(wrk: str) -> int:
    import django

    django.setup()
    from django.db import connection

    from onething.cases.models import Material
    from onething.cases.services.intake import case_submit

    work = Path(os.environ["ONETHING_VAR_DIR"])
    started = time.perf_counter()
    people, towns = register_applicants(APPLICANTS)
    templates = upload_templates(people[0][1])
    users = [p[0] for p in people]
    # every applicant submits once through the service: a broken route fails before the load
    first = upload_pool(users, templates, 1)
    for user, actor, _secret in people:
        case_submit(
            actor=actor,
            item_code=ITEM,
            form=FORM,
            material_ids=[int(i) for i in first[user.pk][0].split(",")],
            idempotency_key="bench-preflight",
        )
    say(
        f"{APPLICANTS} applicants with tokens in {', '.join(towns)}, each submitted once "
        f"through the service: {time.perf_counter() - started:.1f} s"
    )
    connection.close()

    none = work / "none"
    loadavg = os.getloadavg()[0]
    with Server(work / "gunicorn.log") as server:
        wrk_case(wrk, server.url, WARMUP_S, "floor", "warm", none)
        floor = server.measured(
            lambda: wrk_case(wrk, server.url, MEASURE_S, "floor", "measure", none)
        )
        # the pools (warm-up, measurement): enough triples even at the floor's pace
        pool_started = time.perf_counter()
        files = {}
        for label, seconds in (("warm", WARMUP_S), ("measure", MEASURE_S)):
            per_user = int((floor["rps"] * seconds * 1.3 + CONNECTIONS) / APPLICANTS) + 2
            files[label] = work / f"{label}.data"
            write_data(files[label], people, upload_pool(users, templates, per_user))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        rows = Material.objects.filter(case__isnull=True).count()
        say(
            f"upload pools: {rows} unused uploads bulk-inserted and analysed: "
            f"{time.perf_counter() - pool_started:.1f} s"
        )
        connection.close()
        csrf = ""
        if token_post_is_refused(server.url, people[0][2]):
            csrf = secrets.token_hex(16)
            say(
                "BUG: a bearer-token POST without a CSRF cookie is refused (403 csrf_failed):"
                " the API tries session auth first, which checks CSRF before the token is"
                " tried. Measuring with a CSRF cookie + X-CSRFToken header as a workaround."
            )
        wrk_case(wrk, server.url, WARMUP_S, "submit", "warm", files["warm"], csrf)
        submit = server.measured(
            lambda: wrk_case(
                wrk, server.url, MEASURE_S, "submit", "measure", files["measure"], csrf
            )
        )
        problems = check(submit, "measure")
        connection.close()
        submit["name"] = "case submission"
        problems = floor_problems(floor) + problems

    say_table(
        floor,
        submit,
        what="submission",
        load=f"wrk -t{THREADS} -c{CONNECTIONS} -d{MEASURE_S}s (after {WARMUP_S} s warm-up)",
        loadavg=loadavg,
        target_ratio=TARGET_RATIO,
        target_p99_ms=TARGET_P99_MS,
    )
    if problems:
        for problem in problems:
            say(f"ERROR: {problem}")
    else:
        say(
            f"checked: {submit['ok']} answers 201, {submit['created']} cases made "
            f"({submit['in_flight']} still in flight when wrk stopped), each with one "
            f"idempotency record and 3 materials; no non-2xx answers"
        )
    say()
    try:
        profile(people)
    except Exception:
        say_failure("the in-process profile", 6)
        return 1
    return 1 if problems else 0
