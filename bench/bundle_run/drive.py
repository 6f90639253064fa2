"""The driver, in the child process with Django set up on the bench database: the world,
the anchor before and after the timed runs, the informative lines, the checks and the
profile; its figures go to the parent on one ``RESULT`` line."""

import json
import math
import os
import statistics
import time

from bundle_run import (
    BUNDLE,
    CPROFILE_RUNS,
    FLOOR_S,
    MAX_RUNS,
    MEASURE_S,
    MIN_RUNS,
    PROFILE_RUNS,
    RESULT,
    SPIFF_S,
    TARGET_RATIO,
    TOWN,
    UPLOAD_SAMPLES,
    WARMUP_RUNS,
)
from bundle_run.profiling import profile
from bundle_run.spiff import PersistedSpiff, spiff_measure, spiff_spec
from bundle_run.world import World, check, floor_run
from common import say, say_failure


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def drive(backend: str) -> int:
    import django

    django.setup()
    from django.db import connection

    from onething.cases.services.materials import material_upload
    from onething.demo.runner import scan

    started = time.perf_counter()
    world = World()
    run, _elapsed = world.run([t.pk for t in world.templates])  # through everything once
    say(
        f"applicant in 胡埭镇 ({TOWN}), bundle {BUNDLE['code']} saved with 3 independent steps "
        f"({', '.join(s['item_code'] for s in BUNDLE['steps'])}), materials "
        f"{', '.join(world.types)} uploaded; run {run.number} went through once: "
        f"{time.perf_counter() - started:.1f} s"
    )
    for _ in range(3):  # the anchor warms up too
        spiff_spec()
    spec = spiff_spec()
    spiff_measure(spec, 0.5)

    warm = [world.run(ids)[1] for ids in world.pool(WARMUP_RUNS)]
    n = max(MIN_RUNS, min(MAX_RUNS, int(MEASURE_S / statistics.median(warm))))
    pool = world.pool(n + PROFILE_RUNS + CPROFILE_RUNS + 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    loadavg = os.getloadavg()[0]

    # the measure: the anchor, the runs, the anchor again
    spiff_before = spiff_measure(spec, SPIFF_S)
    phases: dict[str, float] = dict.fromkeys(
        [
            "run_submit (run + 3 cases)",
            "read the 3 case numbers",
            "case_accept × 3",
            "case_conclude × 3 (licence, run moves on)",
        ],
        0.0,
    )
    times, run_ids = [], []
    measure_started, cpu_started = time.perf_counter(), time.process_time()
    for i in range(n):
        run, elapsed = world.run(pool[i], phases)
        times.append(elapsed)
        run_ids.append(run.pk)
    measure_elapsed = time.perf_counter() - measure_started
    cpu_per_run = (time.process_time() - cpu_started) / n
    spiff_after = spiff_measure(spec, SPIFF_S)
    problems = check(run_ids)
    for _ in range(50):
        floor_run()
    floor_times = []
    deadline = time.perf_counter() + FLOOR_S
    while time.perf_counter() < deadline:
        t0 = time.perf_counter()
        floor_run()
        floor_times.append(time.perf_counter() - t0)
    floor_per_s = len(floor_times) / sum(floor_times)
    persisted = PersistedSpiff()
    spiff_measure(spec, 0.5, persisted.instance)
    stored_times = spiff_measure(spec, FLOOR_S, persisted.instance)
    stored_per_s = len(stored_times) / sum(stored_times)

    runs_per_s = n / sum(times)
    spiff_rates = [len(t) / sum(t) for t in (spiff_before, spiff_after)]
    spiff_per_s = statistics.mean(spiff_rates)
    spiff_times = spiff_before + spiff_after
    ratio = runs_per_s / spiff_per_s
    say()
    say(
        f"{os.environ.get('ONETHING_BENCH_DB', backend)} · {n} runs after {WARMUP_RUNS} "
        f"warm-up ({measure_elapsed:.1f} s, the post-run status checks included) · "
        f"{os.cpu_count()} CPUs · load average before {loadavg:.2f}"
    )
    say(f"{'':<42}{'per s':>10}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}{'count':>8}")
    say(
        f"{'SpiffWorkflow instance (in memory)':<42}{spiff_per_s:>10.1f}"
        f"{statistics.median(spiff_times) * 1000:>11.3f}{_pct(spiff_times, 0.99) * 1000:>9.3f}"
        f"{max(spiff_times) * 1000:>9.3f}{len(spiff_times):>8}"
    )
    say(
        f"{'bundle run (3 steps, persisted)':<42}{runs_per_s:>10.2f}"
        f"{statistics.median(times) * 1000:>11.1f}{_pct(times, 0.99) * 1000:>9.1f}"
        f"{max(times) * 1000:>9.1f}{n:>8}"
    )
    say(
        f"{'floor: 7 transactions of 1 INSERT (info)':<42}{floor_per_s:>10.1f}"
        f"{statistics.median(floor_times) * 1000:>11.3f}{_pct(floor_times, 0.99) * 1000:>9.3f}"
        f"{max(floor_times) * 1000:>9.3f}{len(floor_times):>8}"
    )
    say(
        f"{'SpiffWorkflow, persisted, 7 txns (info)':<42}{stored_per_s:>10.1f}"
        f"{statistics.median(stored_times) * 1000:>11.3f}"
        f"{_pct(stored_times, 0.99) * 1000:>9.3f}"
        f"{max(stored_times) * 1000:>9.3f}{len(stored_times):>8}"
    )
    say(
        f"(SpiffWorkflow before the runs {spiff_rates[0]:.1f}/s, after {spiff_rates[1]:.1f}/s;"
        " the anchor is their mean)"
    )
    say(
        f"ratio runs/s ÷ SpiffWorkflow instances/s   {ratio:.4f}   target ≥ {TARGET_RATIO}   "
        f"{'PASS' if ratio >= TARGET_RATIO else 'FAIL'}   (runs/s needed: "
        f"{TARGET_RATIO * spiff_per_s:.0f}; 1 run costs as much as "
        f"{spiff_per_s / runs_per_s:.0f} Spiff instances)"
    )
    say(
        "(the two informative lines are not the target's anchor; they show what persisting "
        f"each of a run's 7 decisions in its own transaction allows: the floor's ratio to "
        f"SpiffWorkflow in memory is {floor_per_s / spiff_per_s:.2f}; runs/s ÷ persisted "
        f"SpiffWorkflow instances/s = {runs_per_s / stored_per_s:.3f})"
    )
    say(
        f"CPU time of this process per run: {cpu_per_run * 1000:.1f} ms of "
        f"{measure_elapsed / n * 1000:.1f} ms wall (the rest: waiting for the database, "
        "other processes)"
    )
    say("a run, by phase (ms, mean of the timed runs):")
    for label, spent in phases.items():
        say(f"  {label:<44}{spent / n * 1000:>8.2f}")
    if problems:
        for problem in problems:
            say(f"ERROR: {problem}")
    else:
        say(
            f"checked: {n} runs concluded, each with 3 approved steps, 3 cases concluded "
            "approved, 3 licences"
        )
    uploads = []
    for _ in range(UPLOAD_SAMPLES):
        t0 = time.perf_counter()
        for code in world.types:
            material_upload(
                actor=world.actor, material_type_code=code, name=f"{code}.pdf", data=scan()
            )
        uploads.append(time.perf_counter() - t0)
    say(
        f"not in the timed runs: uploading a run's {len(world.types)} files through "
        f"material_upload costs {_ms(statistics.median(uploads))} ms (median of "
        f"{UPLOAD_SAMPLES}); with it, a run would take "
        f"{(statistics.median(times) + statistics.median(uploads)) * 1000:.1f} ms"
    )
    say()
    try:
        sql_per_run = profile(world, pool[n:])
    except Exception:
        say_failure("the profile", 8)
        return 1
    print(
        RESULT
        + json.dumps(
            {
                "runs_per_s": runs_per_s,
                "p50_ms": statistics.median(times) * 1000,
                "p99_ms": _pct(times, 0.99) * 1000,
                "spiff_per_s": spiff_per_s,
                "ratio": ratio,
                "runs": n,
                "sql_per_run": sql_per_run,
                "floor_per_s": floor_per_s,
                "stored_per_s": stored_per_s,
                "cpu_ms": cpu_per_run * 1000,
            }
        ),
        flush=True,
    )
    return 1 if problems else 0
