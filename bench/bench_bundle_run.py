"""Runs of a 3-step parallel one-thing (一件事), through the services with every step
persisted, next to SpiffWorkflow running the same process in memory, on SQLite and on
PostgreSQL.

What runs (docs/performance.md has the why and the figures), once per database:

1. A fresh database (SQLite: a new file, WAL, in a temporary directory; PostgreSQL: the
   database ``onething_bench_bundle``, dropped and recreated), migrated, with the demo city
   (``python -m onething demo``). Settings: ``onething.config.bench_settings`` (DEBUG off),
   fresh keys.
2. The world, through the services: one applicant registered in 胡埭镇 (320211102) with an
   account; the bundle ``YJS-320211-GR-901`` saved by ``bundle_save`` with three steps that
   wait for nothing (no after, no concludes_after, no entered outputs, no checks), three
   promised items of three departments that 胡埭镇 offers: 社会保障卡申领 (id card, photo),
   医保关系转移接续 (id card), 老年人优待证办理 (id card, photo); the two materials
   uploaded once through ``material_upload``. One run goes through everything before
   anything is timed (and tells which departments' officers handle the steps).
3. Uploads for the timed runs (outside the timing): bulk-inserted copies of the two
   uploaded rows (same stored file, type, size and SHA-256), as bench_case_submit does;
   PostgreSQL is then ANALYZEd as autovacuum would after a bulk load. The cost of the real
   upload of a run's two files is measured apart and printed.
4. Timed, per run: ``run_submit`` (one form, one set of materials, idempotency key: the run,
   its three run steps, the material copies, and the three step cases started at once
   through ``case_submit``), one read of the three case numbers (the officers' inboxes),
   then per step the department's officer ``case_accept`` and ``case_conclude(outcome=
   "approved")`` (which issues the licence; the last conclusion concludes the run through
   bundles' hook). After each run, outside the timing, its status must be ``concluded``.
   N runs after a warm-up, N chosen so that the measure takes about ``MEASURE_S`` seconds.
5. The anchor: SpiffWorkflow (bench/bundle_run.bpmn: start → parallel split → three user
   tasks → parallel join → end), parsed once; each instance is a new ``BpmnWorkflow`` run
   to its user tasks, the three completed one by one, run to the end, asserted complete.
   In memory, nothing persisted. Measured for ``SPIFF_S`` seconds before and after the
   runs, in the same process; the anchor is the mean of the two.
6. Two informative lines, not the target's anchor: the floor (7 transactions of one ORM
   INSERT: the least a run that persists each of its 7 decisions does) and SpiffWorkflow
   persisted the same way (its serialised state in a row, the same 7 transactions).
7. Prints runs/s, median and p99 per run, the anchor's instances/s, the ratio against the
   target (2.0), then where a run's time goes: its SQL statements and transactions
   (``CaptureQueriesContext``), the wall time and SQL of each part of the services over
   ``PROFILE_RUNS`` runs, and the CPU time by package (cProfile).

Returns non-zero only on a real error (setup, a run that does not conclude, a broken
invariant), never for a missed target. No PostgreSQL: its half prints SKIPPED.
Run alone: ``.venv/bin/python bench/run.py bundle_run``. Environment: ``ONETHING_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432``), ``ONETHING_BENCH_BACKENDS`` (default
``sqlite,postgresql``).
"""

from __future__ import annotations

import base64
import json
import math
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BPMN = HERE / "bundle_run.bpmn"
PROCESS_ID = "three_step_bundle"

PG_SERVER = os.environ.get("ONETHING_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = "onething_bench_bundle"

TOWN = "320211102"  # 胡埭镇
BUNDLE = {
    "code": "YJS-320211-GR-901",
    "name": "基准测试一件事（三步并联）",
    "audience": "person",
    "description": "make bench: three independent steps of three departments, in parallel.",
    "steps": [
        {"key": "card", "item_code": "320200-SB-004"},  # 社会保障卡申领, WX-RS
        {"key": "transfer", "item_code": "320200-YB-004"},  # 医保关系转移接续, WX-YB
        {"key": "elderly", "item_code": "320200-MS-001"},  # 老年人优待证办理, WX-MZ
    ],
}
FORM = {"phone": "13912345678", "note": "make bench"}
TARGET_RATIO = 2.0
WARMUP_RUNS = 10
MEASURE_S = 10.0  # the timed runs take about this long
MIN_RUNS, MAX_RUNS = 40, 5000
SPIFF_S = 3.0  # each of the two anchor measures
FLOOR_S = 2.0  # the persistence floor (informative)
PROFILE_RUNS = 30
CPROFILE_RUNS = 20
UPLOAD_SAMPLES = 20
RESULT = "BENCH-RESULT "


def say(text: str = "") -> None:
    print(f"   {text}" if text else "", flush=True)


# --- the parent: a fresh database per backend, migrations, demo; the driver in a child ------


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _env(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ONETHING_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="onething.config.bench_settings",
        ONETHING_SKIP_DOTENV="1",  # never the developer's .env (DEBUG on, other database)
        ONETHING_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ONETHING_DATA_KEYS=f"b1:{_key()}",
        ONETHING_INDEX_KEY=_key(),
        ONETHING_AUDIT_KEY=_key(),
        DATABASE_URL=database_url,
        ONETHING_VAR_DIR=str(var_dir),
        ONETHING_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _step(what: str, argv: list[str], env: dict[str, str]) -> bool:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        say(f"ERROR: {what} failed (exit {done.returncode}):")
        print((done.stdout + done.stderr)[-3000:], flush=True)
        return False
    say(f"{what}: {time.perf_counter() - started:.1f} s")
    return True


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)


def _database(backend: str, var_dir: Path) -> tuple[str, str] | None:
    """A fresh database: (DATABASE_URL, a description), or None (PostgreSQL unreachable)."""
    if backend == "sqlite":
        import sqlite3

        path = var_dir / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version} (WAL), a new file"
    try:
        with _pg_admin() as admin:
            version = admin.execute("SHOW server_version").fetchone()[0]
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DB}")
    except Exception as exc:
        reason = " ".join(str(exc).split())[:160]
        say(f"SKIPPED (PostgreSQL): not reachable at {PG_SERVER} ({reason}).")
        say("Set ONETHING_BENCH_PG=postgres://user@host:port to measure it.")
        return None
    return f"{PG_SERVER}/{PG_DB}", f"PostgreSQL {version}, database {PG_DB} recreated"


def _backend(backend: str) -> tuple[int, dict | None]:
    var_dir = Path(tempfile.mkdtemp(prefix="onething-bench-bundle-"))
    (var_dir / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
    try:
        found = _database(backend, var_dir)
        if found is None:
            return 0, None
        url, description = found
        say(f"-- {description}")
        env = _env(var_dir, url)
        env["ONETHING_BENCH_DB"] = description
        py = sys.executable
        if not _step("migrate", [py, "-m", "onething", "migrate", "--noinput", "-v", "0"], env):
            return 1, None
        if not _step("demo city", [py, "-m", "onething", "demo"], env):
            return 1, None
        child = subprocess.Popen(
            [py, __file__, "--drive", backend],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = None
        for line in child.stdout:
            if line.startswith(RESULT):
                result = json.loads(line.removeprefix(RESULT))
            else:
                print(line, end="", flush=True)
        return child.wait(), result
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def main() -> int:
    try:
        import SpiffWorkflow  # noqa: F401
    except ImportError:
        say("SKIPPED: SpiffWorkflow (the anchor) is not installed: pip install -e '.[dev]'.")
        return 0
    backends = os.environ.get("ONETHING_BENCH_BACKENDS", "sqlite,postgresql").split(",")
    failed = 0
    results = {}
    for backend in (b.strip() for b in backends if b.strip()):
        code, result = _backend(backend)
        failed += bool(code)
        if result:
            results[backend] = result
    if results:
        say()
        say(
            f"summary ({os.cpu_count()} CPUs; target: runs/s ≥ {TARGET_RATIO} × SpiffWorkflow "
            "instances/s)"
        )
        say(
            f"{'database':<12}{'runs/s':>9}{'run p50':>10}{'run p99':>10}"
            f"{'Spiff/s':>10}{'ratio':>9}{'SQL/run':>9}{'floor/s':>9}{'Spiff+DB/s':>12}"
            "  verdict"
        )
        for backend, r in results.items():
            say(
                f"{backend:<12}{r['runs_per_s']:>9.1f}{r['p50_ms']:>8.1f}ms{r['p99_ms']:>8.1f}ms"
                f"{r['spiff_per_s']:>10.0f}{r['ratio']:>9.4f}{r['sql_per_run']:>9}"
                f"{r['floor_per_s']:>9.0f}{r['stored_per_s']:>12.0f}  "
                f"{'PASS' if r['ratio'] >= TARGET_RATIO else 'FAIL'}"
            )
    return 1 if failed else 0


# --- the anchor: SpiffWorkflow, in memory ---------------------------------------------------


def spiff_spec():
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator

    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_file(str(BPMN))
    return parser.get_spec(PROCESS_ID)


def spiff_instance(spec) -> None:
    """One instance: started, its three user tasks completed, run to the end."""
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    workflow = BpmnWorkflow(spec)
    workflow.do_engine_steps()
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    if len(ready) != 3:
        raise RuntimeError(f"SpiffWorkflow: {len(ready)} user tasks ready, 3 expected")
    for task in ready:
        task.data["outcome"] = "approved"
        task.run()
        workflow.do_engine_steps()
    if not workflow.is_completed():
        raise RuntimeError("SpiffWorkflow: the instance did not complete")


def spiff_measure(spec, seconds: float, instance=spiff_instance) -> list[float]:
    """Instances back to back for ``seconds``: the time of each."""
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for _ in range(10):
            started = time.perf_counter()
            instance(spec)
            times.append(time.perf_counter() - started)
    return times


SPIFF_TABLE = "bench_spiff_instance"


class PersistedSpiff:
    """Informative, not the target's anchor: SpiffWorkflow persisted the way a run is, its
    state (``BpmnWorkflowSerializer`` JSON) in one row of the bench database, in the same
    7 transactions as a run: created and run to its user tasks; then per task a claim (the
    acceptance: loaded, marked, saved) and a completion (loaded, completed, run on, saved).
    The table is made by the benchmark in the throwaway bench database (raw SQL)."""

    def __init__(self) -> None:
        from django.db import connection
        from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer

        self.serializer = BpmnWorkflowSerializer()
        key = "bigserial" if connection.vendor == "postgresql" else "integer"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {SPIFF_TABLE} "
                f"(id {key} PRIMARY KEY, state text NOT NULL, completed boolean NOT NULL)"
            )
        self.lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""

    def _load(self, cursor, pk: int):
        cursor.execute(f"SELECT state FROM {SPIFF_TABLE} WHERE id = %s{self.lock}", [pk])
        return self.serializer.deserialize_json(cursor.fetchone()[0])

    def _save(self, cursor, pk: int, workflow) -> None:
        cursor.execute(
            f"UPDATE {SPIFF_TABLE} SET state = %s, completed = %s WHERE id = %s",
            [self.serializer.serialize_json(workflow), workflow.is_completed(), pk],
        )

    def instance(self, spec) -> None:
        from django.db import connection, transaction
        from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
        from SpiffWorkflow.util.task import TaskState

        with transaction.atomic(), connection.cursor() as cursor:
            workflow = BpmnWorkflow(spec)
            workflow.do_engine_steps()
            cursor.execute(
                f"INSERT INTO {SPIFF_TABLE} (state, completed) VALUES (%s, %s) RETURNING id",
                [self.serializer.serialize_json(workflow), False],
            )
            pk = cursor.fetchone()[0]
            names = [
                t.task_spec.name for t in workflow.get_tasks(state=TaskState.READY, manual=True)
            ]
        if len(names) != 3:
            raise RuntimeError(f"persisted SpiffWorkflow: {len(names)} user tasks ready")
        for name in names:
            with transaction.atomic(), connection.cursor() as cursor:
                workflow = self._load(cursor, pk)
                task = workflow.get_next_task(state=TaskState.READY, spec_name=name)
                task.data["accepted"] = True
                self._save(cursor, pk, workflow)
            with transaction.atomic(), connection.cursor() as cursor:
                workflow = self._load(cursor, pk)
                task = workflow.get_next_task(state=TaskState.READY, spec_name=name)
                task.data["outcome"] = "approved"
                task.run()
                workflow.do_engine_steps()
                self._save(cursor, pk, workflow)
        if not workflow.is_completed():
            raise RuntimeError("persisted SpiffWorkflow: the instance did not complete")


# --- the driver: runs with Django set up on the bench database ------------------------------


class World:
    """The applicant, the bundle, the officers and the uploads the runs use."""

    def __init__(self) -> None:
        import random

        from onething.bundles.services.definitions import bundle_save
        from onething.cases.demo import scan
        from onething.cases.services.materials import material_upload
        from onething.catalog.models import Requirement, ServiceItem
        from onething.core.generate import chinese_name, mobile, resident_id
        from onething.core.models import Role
        from onething.core.permissions import SYSTEM, actor_for
        from onething.core.services.accounts import account_create
        from onething.core.services.parties import person_register

        rng = random.Random(20261124)
        person = person_register(
            actor=SYSTEM,
            name=chinese_name(rng),
            id_number=resident_id(rng),
            phone=mobile(rng),
            region_code=TOWN,
            idempotency_key="bench-bundle-person",
        )
        self.user = account_create(
            actor=SYSTEM,
            username="bench.bundle",
            password=None,
            role=Role.APPLICANT,
            person=person,
        )
        self.actor = actor_for(self.user)
        self.bundle = bundle_save(actor=SYSTEM, data=BUNDLE)
        codes = [s["item_code"] for s in BUNDLE["steps"]]
        types = sorted(
            {
                r.material_type.code
                for item in ServiceItem.objects.filter(code__in=codes)
                for r in item.materials.select_related("material_type")
                if r.requirement == Requirement.REQUIRED
            }
        )
        self.types = types
        self.templates = [
            material_upload(actor=self.actor, material_type_code=c, name=f"{c}.pdf", data=scan())
            for c in types
        ]
        self.officers: dict[int, object] = {}
        self.nonce = secrets.token_hex(4)
        self.counter = 0

    def officer_for(self, department_id: int):
        """The department's officer (the town's own account where the demo city has one,
        else the bundles demo's officer.<code>), as an actor."""
        if department_id not in self.officers:
            from onething.bundles.demo import officer
            from onething.core.models import Department, Role, User
            from onething.core.permissions import actor_for

            department = Department.objects.get(pk=department_id)
            user = (
                User.objects.filter(role=Role.OFFICER, department=department, is_active=True)
                .order_by("username")
                .first()
            ) or officer(department)
            self.officers[department_id] = actor_for(user)
        return self.officers[department_id]

    def pool(self, n: int) -> list[list[int]]:
        """``n`` sets of unused uploads (one per material type), bulk-inserted copies of
        the uploaded rows."""
        from onething.cases.models import Material
        from onething.core import clock

        copied = [
            {
                f.attname: getattr(t, f.attname)
                for f in Material._meta.concrete_fields
                if not f.primary_key
            }
            for t in self.templates
        ]
        now = clock.now()
        rows = [
            Material(**{**fields, "case_id": None, "reserved_for": "", "uploaded_at": now})
            for _ in range(n)
            for fields in copied
        ]
        Material.objects.bulk_create(rows, batch_size=2000)
        k = len(self.templates)
        return [[m.pk for m in rows[i : i + k]] for i in range(0, len(rows), k)]

    def run(self, material_ids: list[int], phases: dict[str, float] | None = None):
        """One run, from the application to the run concluded; the elapsed seconds. The
        officers act in the order a department's inbox would show the steps."""
        from onething.bundles.models import BundleRun, RunStatus, RunStep
        from onething.bundles.services.runs import run_submit
        from onething.cases.services.lifecycle import case_accept, case_conclude

        self.counter += 1
        t0 = time.perf_counter()
        run = run_submit(
            actor=self.actor,
            bundle_code=BUNDLE["code"],
            form=FORM,
            material_ids=material_ids,
            idempotency_key=f"bench-bundle-{self.nonce}-{self.counter}",
        )
        t1 = time.perf_counter()
        steps = list(
            RunStep.objects.filter(run_id=run.pk)
            .order_by("step__order")
            .values_list("case__number", "case__department_id")
        )
        t2 = time.perf_counter()
        accepting = concluding = 0.0
        for number, department_id in steps:
            officer = self.officer_for(department_id)
            a = time.perf_counter()
            case_accept(actor=officer, number=number)
            b = time.perf_counter()
            case_conclude(actor=officer, number=number, outcome="approved")
            c = time.perf_counter()
            accepting += b - a
            concluding += c - b
        t3 = time.perf_counter()
        status = BundleRun.objects.values_list("status", flat=True).get(pk=run.pk)
        if len(steps) != 3 or any(n is None for n, _d in steps) or status != RunStatus.CONCLUDED:
            raise RuntimeError(
                f"run {run.number}: {len(steps)} steps {steps}, status {status!r}; "
                "expected 3 started steps and the run concluded"
            )
        if phases is not None:
            phases["run_submit (run + 3 cases)"] += t1 - t0
            phases["read the 3 case numbers"] += t2 - t1
            phases["case_accept × 3"] += accepting
            phases["case_conclude × 3 (licence, run moves on)"] += concluding
        return run, t3 - t0


def _check(run_ids: list[int]) -> list[str]:
    """Every timed run concluded, with three approved steps, each case concluded approved
    with its licence."""
    from django.db.models import Count, Q

    from onething.bundles.models import BundleRun, RunStatus, RunStep, StepStatus
    from onething.cases.models import Case, Licence

    problems = []
    runs = BundleRun.objects.filter(pk__in=run_ids)
    if runs.exclude(status=RunStatus.CONCLUDED).exists() or runs.count() != len(run_ids):
        problems.append("not every timed run is concluded")
    odd = (
        runs.annotate(n=Count("steps", filter=Q(steps__status=StepStatus.APPROVED)))
        .exclude(n=3)
        .count()
    )
    if odd:
        problems.append(f"{odd} runs do not have exactly 3 approved steps")
    cases = Case.objects.filter(bundle_step__run_id__in=run_ids)
    if cases.filter(status="concluded", outcome="approved").count() != 3 * len(run_ids):
        problems.append("not every step case is concluded approved")
    licences = Licence.objects.filter(case__bundle_step__run_id__in=run_ids).count()
    if licences != 3 * len(run_ids):
        problems.append(f"{licences} licences for {3 * len(run_ids)} approved step cases")
    if RunStep.objects.filter(run_id__in=run_ids, case__isnull=True).exists():
        problems.append("a step of a timed run has no case")
    return problems


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def floor_run() -> None:
    """The least a run that persists each of its 7 decisions (the application, 3
    acceptances, 3 conclusions) in its own transaction does: 7 transactions of one ORM
    INSERT each (a row in the tiny core_numbercounter table, as bench_case_submit's floor)."""
    import uuid

    from django.db import transaction

    from onething.core.models import NumberCounter

    for _ in range(7):
        with transaction.atomic():
            NumberCounter.objects.create(key=f"bench-floor:{uuid.uuid4().hex}", value=1)


def drive(backend: str) -> int:
    import django

    django.setup()
    from django.db import connection

    from onething.cases.demo import scan
    from onething.cases.services.materials import material_upload

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
    problems = _check(run_ids)
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
        import traceback

        say("ERROR: the profile failed:")
        print("".join(traceback.format_exc().splitlines(keepends=True)[-8:]), flush=True)
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


# --- where the time of a run goes -----------------------------------------------------------

# (module, function, label): the parts of a run whose exclusive time and SQL are shown. Every
# module of onething that holds the function under its name gets the timed wrapper, so the
# parts are found however they are imported; a name that is gone is skipped.
PARTS = [
    ("onething.bundles.services.runs", "run_submit", "run_submit (outside its body)"),
    ("onething.bundles.services.runs", "_share_materials", "run: materials shared, run steps"),
    ("onething.bundles.services.runs", "advance", "run: advance (plan, start, conclude)"),
    ("onething.bundles.services.runs", "full_form", "run: the one form decrypted"),
    ("onething.bundles.services.runs", "applicant_actor", "run: the applicant as actor"),
    ("onething.cases.services.intake", "case_submit", "case_submit (outside its body)"),
    ("onething.cases.services.intake", "owned_uploads", "uploads: lock and check"),
    ("onething.cases.services.intake", "_create_case", "case INSERT + attach uploads"),
    ("onething.catalog.formschema", "clean_form", "form: JSON Schema"),
    ("onething.cases.services.lifecycle", "case_accept", "case_accept (rest)"),
    ("onething.cases.services.lifecycle", "case_conclude", "case_conclude (rest)"),
    ("onething.cases.services.lifecycle", "_save", "case: save + history"),
    ("onething.cases.services.common", "locked_case", "case: lock, scope, guards"),
    ("onething.cases.hooks", "check", "hooks: guards (bundle step ready?)"),
    ("onething.cases.hooks", "after_conclusion", "hooks: after conclusion (run moves on)"),
    ("onething.cases.services.licences", "licence_issue", "licence issue"),
    ("onething.core.services.idempotency", "idempotent_create", "idempotency (claim, record)"),
    ("onething.core.services.audit", "audit_record", "audit entries (hash chain)"),
    ("onething.core.services.numbering", "number_next", "numbering"),
    ("onething.core.services.messages", "message_send", "messages (outbox rows)"),
]


BODIES = {
    "run.submit": "run_submit body: bundle, form, checks, run",
    "case.submit": "case_submit body: item, routing, applicant",
}


class Profiler:
    """Exclusive wall time and SQL statements per labelled function (nested calls are
    subtracted from their caller); SQL is attributed to the innermost label."""

    def __init__(self):
        from collections import Counter, defaultdict

        self.stack: list[list] = []
        self.time: dict[str, float] = defaultdict(float)
        self.sql: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.sql_time: dict[str, float] = defaultdict(float)
        self.undo: list[tuple[object, str, object]] = []

    def enter(self, label: str) -> None:
        self.stack.append([label, time.perf_counter(), 0.0])

    def leave(self) -> None:
        label, start, children = self.stack.pop()
        elapsed = time.perf_counter() - start
        self.time[label] += elapsed - children
        self.calls[label] += 1
        if self.stack:
            self.stack[-1][2] += elapsed

    def wrap(self, label: str, fn):
        import functools

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.enter(label)
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def _body_apart(self, idempotent_create):
        """idempotent_create runs the service's own body (``create``) inside it: time that
        body as a part of its own, named after the operation."""

        def claim(**kwargs):
            operation = kwargs.get("operation")
            label = BODIES.get(operation, f"{operation}: its body (the rest)")
            kwargs["create"] = self.wrap(label, kwargs["create"])
            return idempotent_create(**kwargs)

        return claim

    def install(self, parts) -> list[str]:
        """Wrap each part wherever onething binds it; the labels not found."""
        import importlib

        missing = []
        for module_name, name, label in parts:
            try:
                fn = getattr(importlib.import_module(module_name), name)
            except (ImportError, AttributeError):
                missing.append(label)
                continue
            if name == "idempotent_create":
                timed = self.wrap(label, self._body_apart(fn))
            else:
                timed = self.wrap(label, fn)
            for mod_name, module in list(sys.modules.items()):
                if not mod_name.startswith("onething") or module is None:
                    continue
                for attr, value in list(vars(module).items()):
                    if value is fn:
                        setattr(module, attr, timed)
                        self.undo.append((module, attr, fn))
        from django.db import connection

        # the task queue row of each message, and the commits
        try:
            from django_tasks_db.backend import DatabaseBackend

            enqueue = DatabaseBackend.enqueue
            DatabaseBackend.enqueue = self.wrap("task enqueue (message delivery)", enqueue)
            self.undo.append((DatabaseBackend, "enqueue", enqueue))
        except ImportError:
            pass
        connection.commit = self.wrap("COMMIT", connection.commit)
        return missing

    def uninstall(self) -> None:
        from django.db import connection

        for owner, attr, original in reversed(self.undo):
            setattr(owner, attr, original)
        self.undo.clear()
        del connection.commit  # the instance attribute: back to the class's method

    def execute(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = self.stack[-1][0] if self.stack else "the benchmark's own read"
            self.sql[label] += 1
            self.sql_time[label] += time.perf_counter() - start


def profile(world: World, pool: list[list[int]]) -> int:
    """Print the SQL of one run, its parts over PROFILE_RUNS runs and its CPU by package;
    return the number of SQL statements of one run."""
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # 1. one run's SQL, exactly, and its transactions
    commits = []
    commit = connection.commit

    def counted():
        commits.append(1)
        return commit()

    connection.commit = counted
    try:
        with CaptureQueriesContext(connection) as captured:
            world.run(pool.pop())
    finally:
        del connection.commit
    kinds = Counter(q["sql"].split(None, 1)[0].upper() for q in captured.captured_queries)
    control = {k: kinds.pop(k) for k in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE") if k in kinds}
    statements = sum(kinds.values())
    say(
        f"one run: {statements} SQL statements "
        f"({', '.join(f'{n} {k}' for k, n in kinds.most_common())}) in {len(commits)} "
        f"transactions, plus {', '.join(f'{n} {k}' for k, n in control.items()) or 'nothing'}"
        " captured (CaptureQueriesContext; one SELECT is the benchmark's read of the case "
        "numbers)"
    )

    # 2. where the time goes, by part
    prof = Profiler()
    missing = prof.install(PARTS)
    try:
        with connection.execute_wrapper(prof.execute):
            started = time.perf_counter()
            for _ in range(PROFILE_RUNS):
                prof.enter("the benchmark's own calls")
                try:
                    world.run(pool.pop())
                finally:
                    prof.leave()
            elapsed = time.perf_counter() - started
    finally:
        prof.uninstall()
    n = PROFILE_RUNS
    say(
        f"where a run's wall time goes, by part (exclusive: nested parts are subtracted from "
        f"their caller; {n} runs, {elapsed / n * 1000:.1f} ms per run with the wrappers; SQL "
        "counts savepoints, and BEGIN on SQLite):"
    )
    say(f"{'part':<44}{'ms/run':>8}{'share':>7}{'SQL/run':>9}{'SQL ms':>8}{'calls':>7}")
    total = sum(prof.time.values())
    for label, spent in sorted(prof.time.items(), key=lambda kv: -kv[1]):
        say(
            f"{label:<44}{spent / n * 1000:>8.2f}{spent / total:>7.0%}"
            f"{prof.sql[label] / n:>9.1f}{prof.sql_time[label] / n * 1000:>8.2f}"
            f"{prof.calls[label] / n:>7.1f}"
        )
    say(
        f"{'total':<44}{total / n * 1000:>8.2f}{1:>7.0%}{sum(prof.sql.values()) / n:>9.1f}"
        f"{sum(prof.sql_time.values()) / n * 1000:>8.2f}"
    )
    if missing:
        say(f"(not found, so not shown apart: {', '.join(missing)})")

    # 3. CPU by package
    _cpu_by_package(lambda: world.run(pool.pop()), CPROFILE_RUNS)
    return statements


def _cpu_by_package(run, n: int) -> None:
    """CPU time (not wall time) of ``n`` runs by package, from cProfile."""
    import cProfile
    import pstats
    from collections import Counter

    cpu = cProfile.Profile(time.process_time)
    cpu.enable()
    for _ in range(n):
        run()
    cpu.disable()
    spent: Counter[str] = Counter()
    for (path, _line, _name), (_cc, _nc, own, _cumulative, _callers) in pstats.Stats(
        cpu
    ).stats.items():
        if "site-packages/" in path:
            parts = path.split("site-packages/")[1].split("/")
            key = "/".join(parts[:3]) if parts[:2] == ["django", "db"] else parts[0]
        elif "/onething/" in path:
            key = "onething"
        elif path == "~":
            key = "C builtins (sqlite3/psycopg calls, hashing, json…)"
        else:
            key = "Python stdlib"
        spent[key] += own
    total = sum(spent.values())
    say(f"CPU by package over {n} runs ({total / n * 1000:.1f} ms/run under cProfile):")
    for key, own in spent.most_common(9):
        say(f"  {own / total:6.1%}  {key.removesuffix('.py')}")


if __name__ == "__main__" and sys.argv[1:2] == ["--drive"]:
    sys.exit(drive(sys.argv[2]))
