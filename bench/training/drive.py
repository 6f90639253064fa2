"""The driver, in the child process with Django set up on the bench database: the
institute's history drawn at ``APPLICATIONS`` applications (the demo's generator, the same
cohorts with more applicants each), then, in-process through Django's test client, the
public figures and the staff's applications list, each next to a plain indexed count of
the same table measured in the same run."""

from __future__ import annotations

import dataclasses
import math
import statistics
import time

from common import say
from training import APPLICATIONS, RUNS, SEED_DAY, WARMUP_RUNS


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _timed(run, n: int = RUNS) -> list[float]:
    for _ in range(WARMUP_RUNS):
        run()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _load() -> str:
    """The catalogue and the scaled history (made once: a database that holds them is
    reused); what was done."""
    from django.db import transaction

    from onething.core.bulk import settle
    from onething.demo.training import catalogue, classes, data, history, placements
    from onething.training.models import Application

    if Application.objects.count() >= APPLICATIONS * 0.9:
        return f"reused ({Application.objects.count():,} applications)"
    total = sum(p.applications for p in data.COHORTS)
    plans = [
        dataclasses.replace(p, applications=round(p.applications * APPLICATIONS / total))
        for p in data.COHORTS
    ]
    started = time.perf_counter()
    with transaction.atomic():
        cat = catalogue.load_catalogue(say)
        enrolled = history.load_applications(say, cat, plans)
        classes.load_grades(say, cat, enrolled)
        placements.load_placements(say, cat, enrolled)
    settle(
        [
            "core_person",
            "training_application",
            "training_applicationstep",
            "training_interview",
            "training_enrolment",
        ]
    )
    return f"generated in {time.perf_counter() - started:.1f} s"


def drive(_setup: str) -> int:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from onething.core.models import User
    from onething.demo.training import data
    from onething.training.models import Application, Cohort

    say(f"institute's history: {_load()}")
    biggest = Cohort.objects.get(code=data.CURRENT)
    say(
        f"{Application.objects.count():,} applications, {biggest.code} has "
        f"{Application.objects.filter(cohort=biggest).count():,}"
    )
    client = Client(HTTP_HOST="localhost")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(User.objects.get(username=data.STAFF))

    def get(who: Client, path: str, **params) -> None:
        answer = who.get(path, params, secure=True)
        if answer.status_code != 200:
            raise AssertionError(f"{path} {params}: {answer.status_code} {answer.content[:300]}")

    def figures(on: str | None = None) -> None:
        cache.clear()  # the API keeps an answer a minute: measure the work, not the cache
        get(client, "/api/training/figures", **({"on": on} if on else {}))

    def count_table() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM training_application WHERE cohort_id = %s", [biggest.pk]
            )
            cursor.fetchone()

    def first_page() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, number, status, submitted_at FROM training_application "
                "WHERE cohort_id = %s ORDER BY submitted_at DESC, id DESC LIMIT 50",
                [biggest.pk],
            )
            cursor.fetchall()

    measured = [
        ("plain count of the summer class's applications (anchor)", count_table, None),
        ("figures on the seed's day (the summer class counted)", lambda: figures(SEED_DAY), 0),
        ("figures today (every class closed: roll-ups)", figures, 0),
        ("a page of 50 of them by the list's index, raw SQL", first_page, 0),
        (
            "staff API: applications, first page",
            lambda: get(staff, "/api/training/applications"),
            0,
        ),
        (
            f"staff API: applications of {biggest.code}",
            lambda: get(staff, "/api/training/applications", cohort=biggest.code),
            0,
        ),
        (
            "staff page: applications",
            lambda: get(staff, "/training/manage/applications/"),
            0,
        ),
    ]
    results = []
    for label, run, anchor in measured:
        try:
            times = _timed(run)
        except Exception as exc:  # a route not there yet: say so, measure the rest
            say(f"SKIPPED {label}: {' '.join(str(exc).split())[:200]}")
            results.append((label, None, anchor))
            continue
        results.append((label, times, anchor))
    say("")
    say(f"{'what':<58} {'median':>9} {'p95':>9} {'× anchor':>9}")
    for label, times, anchor in results:
        if times is None:
            continue
        median = statistics.median(times)
        ratio = ""
        if anchor is not None and results[anchor][1]:
            ratio = f"{median / statistics.median(results[anchor][1]):.1f}"
        say(f"{label:<58} {median * 1000:>7.1f}ms {_pct(times, 0.95) * 1000:>7.1f}ms {ratio:>9}")
    return 0
