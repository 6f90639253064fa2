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
    WORKERS,
)
from case_submit.data import check, register_applicants, upload_pool, upload_templates, write_data
from case_submit.profiling import profile
from case_submit.server import Server, measured, token_post_is_refused, wrk_run
from common import say, say_failure


def _row(name: str, r: dict) -> str:
    return (
        f"{name:<28}{r['rps']:>9.1f}{r['p50_us'] / 1000:>9.1f}{r['p99_us'] / 1000:>9.1f}"
        f"{r['max_us'] / 1000:>9.1f}{r['requests']:>10}{r['bad']:>9}"
    )


def _served(r: dict) -> int:
    """Requests the server completed in a run: the answered ones, plus (for submissions,
    where the cases tell) those still in flight when wrk stopped."""
    return max(r.get("created", 0), r["requests"], 1)


def _per_request(r: dict) -> str:
    n = _served(r)
    s, cpu = r["server"], r["cpu"]
    db_cpu = f"{cpu['db'] / n * 1000:.2f} ms" if cpu["db"] else "n/a"
    return (
        f"CPU {cpu['app'] / n * 1000:.2f} ms app + {db_cpu} PostgreSQL; "
        f"{s['commits'] / n:.2f} transactions, {s['inserted'] / n:.2f} rows inserted, "
        f"{s['updated'] / n:.2f} rows updated"
    )


def _cpu_per_request(r: dict) -> float:
    return (r["cpu"]["app"] + r["cpu"]["db"]) / _served(r)


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
        wrk_run(wrk, server.url, WARMUP_S, "floor", "warm", none)
        floor = measured(lambda: wrk_run(wrk, server.url, MEASURE_S, "floor", "measure", none))
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
        wrk_run(wrk, server.url, WARMUP_S, "submit", "warm", files["warm"], csrf)
        submit = measured(
            lambda: wrk_run(wrk, server.url, MEASURE_S, "submit", "measure", files["measure"], csrf)
        )
        problems = check(submit, "measure")
        connection.close()
        floor_problems = (
            [f"floor: {floor['bad']} non-2xx answers or socket errors: {floor['sample'][:300]}"]
            if floor["bad"]
            else []
        )

    ratio = submit["rps"] / floor["rps"]
    p99 = submit["p99_us"] / 1000
    say()
    say(
        f"gunicorn -w {WORKERS} (sync) · PostgreSQL {os.environ.get('ONETHING_BENCH_PG_VERSION')}"
        f" · wrk -t{THREADS} -c{CONNECTIONS} -d{MEASURE_S}s (after {WARMUP_S} s warm-up) · "
        f"{os.cpu_count()} CPUs · load average before {loadavg:.2f}"
    )
    heads = f"{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'requests':>10}{'non-2xx':>9}"
    say(f"{'':<28}{heads}")
    say(_row("floor (1 ORM INSERT)", floor))
    say(_row("case submission", submit))
    say(
        f"ratio submission / floor  {ratio:.3f}   target ≥ {TARGET_RATIO}   "
        f"{'PASS' if ratio >= TARGET_RATIO else 'FAIL'}"
    )
    say(
        f"submission p99            {p99:.1f} ms   target ≤ {TARGET_P99_MS:.0f} ms   "
        f"{'PASS' if p99 <= TARGET_P99_MS else 'FAIL'}"
    )
    say(f"(floor p99 {floor['p99_us'] / 1000:.1f} ms, for reference)")
    say(f"per request, floor:      {_per_request(floor)}")
    say(f"per request, submission: {_per_request(submit)}")
    cpu_ratio = _cpu_per_request(floor) / _cpu_per_request(submit)
    say(
        f"ratio by CPU time per request (less sensitive to other load on the machine): "
        f"{cpu_ratio:.3f}; CPU-bound ceiling on {os.cpu_count()} CPUs: "
        f"{os.cpu_count() / _cpu_per_request(submit):.0f} submissions/s"
    )
    if problems or floor_problems:
        for problem in floor_problems + problems:
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
    return 1 if problems or floor_problems else 0
