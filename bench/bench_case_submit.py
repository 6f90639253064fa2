"""Case submission over HTTP, next to a one-INSERT floor measured in the same run.

What runs (docs/performance.md has the why and the figures):

1. A fresh PostgreSQL database ``onething_bench`` (dropped and recreated), migrated, with
   the demo city (``python -m onething demo``). Settings: ``onething.config.bench_settings``
   (the normal settings with DEBUG off, plus ``POST /bench/floor``), fresh keys.
2. ``APPLICANTS`` applicants in the three towns that offer 个体工商户设立登记
   (320200-SSDJ-001), registered, given accounts and bearer tokens, all through the
   services. Their uploads: three files go through the real upload service
   (``material_upload``); the pool every benchmark submission attaches (three unused uploads
   owned by the submitter) is bulk-inserted as copies of those rows (same stored file, type,
   size and SHA-256, no audit entry per copy), then ANALYZEd — the upload is not what this
   measures. Every applicant submits once through the service before the load, so a broken
   route fails here.
3. gunicorn (``onething.config.wsgi``, ``-w 2`` sync workers, 127.0.0.1, a free port,
   quiet logs) serves both the floor and the API. wrk (``-t1 -c32``, bench/case_submit.lua)
   warms up, then measures the floor, then case submission: a unique Idempotency-Key and
   the next three unused upload ids of the next applicant per request. (If the API refuses
   a bearer-token POST for want of a CSRF cookie, it says BUG and sends cookie + header.)
4. Checks: every 2xx submission made exactly one case (found through the run's idempotency
   keys: one record and three materials each), no non-2xx answers. Prints the table
   (req/s, p50, p99, ratio, targets, PASS/FAIL), per request the CPU time of the workers
   and of PostgreSQL (/proc) and the transactions and rows written (pg_stat_database), and
   a profile of one submission in-process: its SQL statements (``CaptureQueriesContext``)
   and where the time goes, by part.

Returns non-zero only on a real error (setup, a non-2xx answer, a broken invariant), never
for a missed target. No PostgreSQL or no wrk: one SKIPPED line, returns 0.
Run alone: ``.venv/bin/python bench/run.py case_submit``. Environment:
``ONETHING_BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432``), and
``ONETHING_BENCH_CPROFILE=1`` to add the CPU time of a submission by package.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LUA = HERE / "case_submit.lua"

PG_SERVER = os.environ.get("ONETHING_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "onething_bench"

ITEM = "320200-SSDJ-001"  # 个体工商户设立登记: id-card, application-form, premises-proof
FORM = {
    "business_name": "胡埭湖鲜小吃店",
    "operator_name": "张伟",
    "operator_id": "11010519491231002X",
    "address": "滨湖区胡埭镇鸿翔路8号",
    "scope": "小吃服务",
    "capital": 50000,
}
APPLICANTS = 64
WORKERS = 2
CONNECTIONS = 32
THREADS = 1  # one wrk thread drives 32 connections easily and leaves the CPUs to the server
WARMUP_S = 5
MEASURE_S = 20
TARGET_RATIO = 0.7
TARGET_P99_MS = 60.0
PROFILE_REQUESTS = 200


def say(text: str = "") -> None:
    print(f"   {text}" if text else "", flush=True)


# --- the parent: checks, database, migrations, demo; then the driver in a child ---------


def _wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk (the load generator) is missing: apt-get install -y wrk …")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, **quiet).returncode:
            subprocess.run(["apt-get", "update"], env=env, **quiet)
            subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, **quiet)
    return shutil.which("wrk")


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _env(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ONETHING_", "DJANGO_")) and k != "DATABASE_URL"
    }
    if os.environ.get("ONETHING_BENCH_CPROFILE"):  # also print a cProfile of submissions
        env["ONETHING_BENCH_CPROFILE"] = "1"
    env.update(
        DJANGO_SETTINGS_MODULE="onething.config.bench_settings",
        ONETHING_SKIP_DOTENV="1",  # never the developer's .env (DEBUG on, other database)
        ONETHING_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ONETHING_DATA_KEYS=f"b1:{_key()}",
        ONETHING_INDEX_KEY=_key(),
        ONETHING_AUDIT_KEY=_key(),
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        ONETHING_VAR_DIR=str(var_dir),
        ONETHING_LOG_LEVEL="WARNING",
        # persistent connections as in production (default 60 s), kept for the whole run so
        # that the CPU time of each database backend is measured from start to end
        ONETHING_CONN_MAX_AGE="600",
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


def main() -> int:
    wrk = _wrk()
    if wrk is None:
        say("SKIPPED: wrk (the load generator) is not installed and could not be installed")
        say("here; install it with `sudo apt-get install -y wrk` and run `make bench` again.")
        return 0
    try:
        with _pg_admin() as admin:
            version = admin.execute("SHOW server_version").fetchone()[0]
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DB_NAME}")
    except Exception as exc:
        reason = " ".join(str(exc).split())[:160]
        say(f"SKIPPED: PostgreSQL is not reachable at {PG_SERVER} ({reason}).")
        say("This benchmark needs it (set ONETHING_BENCH_PG=postgres://user@host:port).")
        return 0
    var_dir = Path(tempfile.mkdtemp(prefix="onething-bench-"))
    (var_dir / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
    try:
        env = _env(var_dir)
        env["ONETHING_BENCH_PG_VERSION"] = version
        py = sys.executable
        say(f"database {DB_NAME} on {PG_SERVER} (PostgreSQL {version}), recreated")
        if not _step("migrate", [py, "-m", "onething", "migrate", "--noinput", "-v", "0"], env):
            return 1
        if not _step("demo city", [py, "-m", "onething", "demo"], env):
            return 1
        return subprocess.run([py, __file__, "--drive", wrk], env=env, cwd=ROOT).returncode
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --- the driver: runs with Django set up on the bench database -------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn_argv(port: int) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "onething.config.wsgi",
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    from gunicorn.config import KNOWN_SETTINGS

    if any("--no-control-socket" in (s.cli or []) for s in KNOWN_SETTINGS):
        argv.append("--no-control-socket")  # gunicorn ≥ 24 would share ~/.gunicorn/*.ctl
    return argv


class Server:
    """gunicorn on a free port of 127.0.0.1, its log in a file."""

    master_pid = -1

    def __init__(self, log_path: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            _gunicorn_argv(self.port), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        Server.master_pid = self.process.pid
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers gracefully
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""


def _token_post_is_refused(url: str, secret: str) -> bool:
    """Whether a bearer-token POST without a CSRF cookie is refused with 403 csrf_failed
    (the API's session authentication is tried first and checks CSRF before the token is
    looked at). An empty body: authentication runs before the body is parsed."""
    probe = urllib.request.Request(
        f"{url}/api/cases",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(probe, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status == 403 and b"csrf_failed" in body


def _wrk_run(
    wrk: str, url: str, seconds: int, mode: str, label: str, data: Path, csrf: str = ""
) -> dict:
    argv = [
        wrk,
        "-t",
        str(THREADS),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        mode,
        label,
        str(data),
        str(THREADS),
        *([csrf] if csrf else []),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    for line in done.stdout.splitlines():
        if line.startswith("WRK-RESULT "):
            result = json.loads(line.removeprefix("WRK-RESULT "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["ok"] = sum(n for s, n in result["status"].items() if 200 <= int(s) < 300)
            result["bad"] = (
                result["requests"]
                - result["ok"]
                + sum(result["errors"][k] for k in ("connect", "read", "write", "timeout"))
            )
            return result
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def _server_counters() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT xact_commit, tup_inserted, tup_updated"
            " FROM pg_stat_database WHERE datname = current_database()"
        )
        commits, inserted, updated = cursor.fetchone()
    connection.close()
    return {"commits": commits, "inserted": inserted, "updated": updated}


def _cpu_seconds() -> dict[str, dict[int, float]]:
    """CPU time (user + system) so far of the gunicorn workers (children of this run's
    master) and of the PostgreSQL server processes serving the bench database."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, dict[int, float]] = {"app": {}, "db": {}}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2 :].split()
            ppid, cpu = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
            if ppid == Server.master_pid:
                found["app"][int(entry.name)] = cpu
            else:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    title = f.read()
                if title.startswith(b"postgres: ") and f" {DB_NAME} ".encode() in title:
                    found["db"][int(entry.name)] = cpu
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not ours to read
    return found


def _measured(run):
    """Run ``run()``, with the CPU time it cost the app and the database, and the
    database's own counters. The pauses let the requests in flight at each end finish and
    the server processes flush their counters (about once a second)."""
    time.sleep(1.5)
    before, cpu_before = _server_counters(), _cpu_seconds()
    result = run()
    time.sleep(1.5)
    after, cpu_after = _server_counters(), _cpu_seconds()
    result["cpu"] = {
        side: sum(t - cpu_before[side].get(pid, 0.0) for pid, t in cpu_after[side].items())
        for side in ("app", "db")
    }
    result["server"] = {k: (after[k] - before[k]) for k in after}
    return result


def _applicants(n: int):
    """``n`` applicants spread over the towns that offer the item, each with an account
    and a bearer token — all through the services."""
    import random

    from onething.catalog.models import ServiceItem
    from onething.core.generate import chinese_name, mobile, resident_id
    from onething.core.models import Role
    from onething.core.permissions import SYSTEM, actor_for
    from onething.core.services.accounts import account_create, token_issue
    from onething.core.services.parties import person_register

    towns = sorted(ServiceItem.objects.get(code=ITEM).regions.values_list("code", flat=True))
    rng = random.Random(20260101)
    seen: set[str] = set()
    people = []
    for i in range(n):
        number = resident_id(rng)
        while number in seen:
            number = resident_id(rng)
        seen.add(number)
        person = person_register(
            actor=SYSTEM,
            name=chinese_name(rng),
            id_number=number,
            phone=mobile(rng),
            region_code=towns[i % len(towns)],
            idempotency_key=f"bench-person-{i}",
        )
        user = account_create(
            actor=SYSTEM,
            username=f"bench.applicant{i:03d}",
            password=None,
            role=Role.APPLICANT,
            person=person,
        )
        _token, secret = token_issue(actor=SYSTEM, user=user, name="bench")
        people.append((user, actor_for(user), secret))
    return people, towns


def _templates(actor) -> list:
    """Three real uploads (one per material type the item needs), through the service."""
    from onething.cases.demo import scan
    from onething.cases.services.materials import material_upload
    from onething.catalog.models import ServiceItem

    item = ServiceItem.objects.get(code=ITEM)
    codes = [r.material_type.code for r in item.materials.select_related("material_type")]
    return [
        material_upload(actor=actor, material_type_code=c, name=f"{c}.pdf", data=scan())
        for c in sorted(codes)
    ]


def _pool(users, templates, per_user: int) -> dict[int, list[str]]:
    """``per_user`` triples of unused uploads for each user: bulk-inserted copies of the
    template rows (same stored file). Returns {user id: ["id,id,id", …]}."""
    from onething.cases.models import Material
    from onething.core import clock

    now = clock.now()
    rows = [
        Material(
            owner_id=user.pk,
            material_type_id=t.material_type_id,
            file=t.file.name,
            original_name=t.original_name,
            content_type=t.content_type,
            size=t.size,
            sha256=t.sha256,
            uploaded_at=now,
        )
        for user in users
        for _ in range(per_user)
        for t in templates
    ]
    Material.objects.bulk_create(rows, batch_size=3000)
    pool: dict[int, list[str]] = {}
    k = len(templates)
    for start in range(0, len(rows), k):
        triple = rows[start : start + k]
        pool.setdefault(triple[0].owner_id, []).append(",".join(str(m.pk) for m in triple))
    return pool


def _write_data(path: Path, people, pool) -> None:
    body = json.dumps(
        {"item_code": ITEM, "form": FORM, "materials": ["%MATERIALS%"], "delivery": "electronic"},
        ensure_ascii=False,
        separators=(",", ":"),
    ).replace('"%MATERIALS%"', "%MATERIALS%")
    lines = [body]
    for user, _actor, secret in people:
        lines.append(" ".join([secret, *pool[user.pk]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check(result: dict, label: str) -> list[str]:
    """Every 2xx submission made exactly one case; problems as sentences. The cases of a
    run are found through the idempotency keys its requests carried."""
    from django.db.models import Count

    from onething.cases.models import Case
    from onething.core.models import IdempotencyRecord

    problems = []
    records = IdempotencyRecord.objects.filter(
        operation="case.submit", key__startswith=f"bench-{label}-"
    )
    done, seen = records.exclude(result_id=""), -1
    for _ in range(30):  # requests cut off when wrk stopped may still be finishing
        if (count := done.count()) == seen:
            break
        seen = count
        time.sleep(0.5)
    ids = [int(pk) for pk in done.values_list("result_id", flat=True)]
    cases = Case.objects.filter(pk__in=ids)
    result["created"] = n_created = cases.count()
    result["in_flight"] = n_created - result["ok"]
    if not 0 <= result["in_flight"] <= CONNECTIONS:
        problems.append(
            f"{result['ok']} answers were 2xx but {n_created} cases were made "
            f"(at most {CONNECTIONS} may still have been in flight when wrk stopped)"
        )
    if len(set(ids)) != len(ids):
        problems.append(f"{len(ids) - len(set(ids))} cases answer more than one request")
    if n_created != len(ids):
        problems.append(f"{len(ids) - n_created} idempotency records point at no case")
    if records.filter(result_id="").exists():
        problems.append("some idempotency keys were claimed without a case being made")
    odd = cases.annotate(n=Count("materials")).exclude(n=3).count()
    if odd:
        problems.append(f"{odd} cases do not have exactly 3 materials")
    if result["exhausted"]:
        problems.append(f"the upload pool ran dry {result['exhausted']} times (sizing error)")
    if result["bad"]:
        problems.append(
            f"{result['bad']} non-2xx answers or socket errors: status {result['status']}, "
            f"errors {result['errors']}; first body: {result['sample'][:300]}"
        )
    return problems


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
    people, towns = _applicants(APPLICANTS)
    templates = _templates(people[0][1])
    users = [p[0] for p in people]
    # every applicant submits once through the service: a broken route fails before the load
    first = _pool(users, templates, 1)
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
        _wrk_run(wrk, server.url, WARMUP_S, "floor", "warm", none)
        floor = _measured(lambda: _wrk_run(wrk, server.url, MEASURE_S, "floor", "measure", none))
        # the pools (warm-up, measurement): enough triples even at the floor's pace
        pool_started = time.perf_counter()
        files = {}
        for label, seconds in (("warm", WARMUP_S), ("measure", MEASURE_S)):
            per_user = int((floor["rps"] * seconds * 1.3 + CONNECTIONS) / APPLICANTS) + 2
            files[label] = work / f"{label}.data"
            _write_data(files[label], people, _pool(users, templates, per_user))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        rows = Material.objects.filter(case__isnull=True).count()
        say(
            f"upload pools: {rows} unused uploads bulk-inserted and analysed: "
            f"{time.perf_counter() - pool_started:.1f} s"
        )
        connection.close()
        csrf = ""
        if _token_post_is_refused(server.url, people[0][2]):
            csrf = secrets.token_hex(16)
            say(
                "BUG: a bearer-token POST without a CSRF cookie is refused (403 csrf_failed):"
                " the API tries session auth first, which checks CSRF before the token is"
                " tried. Measuring with a CSRF cookie + X-CSRFToken header as a workaround."
            )
        _wrk_run(wrk, server.url, WARMUP_S, "submit", "warm", files["warm"], csrf)
        submit = _measured(
            lambda: _wrk_run(
                wrk, server.url, MEASURE_S, "submit", "measure", files["measure"], csrf
            )
        )
        problems = _check(submit, "measure")
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
        import traceback

        say("ERROR: the in-process profile failed:")
        print("".join(traceback.format_exc().splitlines(keepends=True)[-6:]), flush=True)
        return 1
    return 1 if problems or floor_problems else 0


# --- where the time goes in one submission (in-process, no HTTP) ---------------------------


class Profiler:
    """Exclusive wall time and SQL statements per labelled function (nested calls are
    subtracted from their caller); SQL is attributed to the innermost label."""

    def __init__(self):
        from collections import Counter, defaultdict

        self.stack: list[list] = []
        self.time: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.sql: Counter[str] = Counter()
        self.sql_time: dict[str, float] = defaultdict(float)
        self.on = False
        self.trace: list[tuple[str, str]] | None = None  # (label, statement) when tracing

    def enter(self, label: str) -> None:
        if self.trace is not None and label == "COMMIT":
            self.trace.append((label, "COMMIT"))
        self.stack.append([label, time.perf_counter(), 0.0])

    def leave(self) -> None:
        label, start, children = self.stack.pop()
        elapsed = time.perf_counter() - start
        if self.on:
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

    def execute(self, execute, sql, params, many, context):
        if self.trace is not None:
            self.trace.append((self.stack[-1][0] if self.stack else "outside", sql))
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if self.on:
                label = self.stack[-1][0] if self.stack else "outside"
                self.sql[label] += 1
                self.sql_time[label] += time.perf_counter() - start


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
    templates = _templates(people[0][1])
    n_total = PROFILE_REQUESTS + 160  # + warm-up, the traced one, the optional cProfile
    per_user = n_total // len(users) + 2
    pool = _pool(users, templates, per_user)
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
    prof = Profiler()
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
    say(f"{'part':<40}{'ms/req':>8}{'share':>7}{'SQL/req':>9}{'SQL ms':>8}")
    total = sum(prof.time.values())
    for label, spent in sorted(prof.time.items(), key=lambda kv: -kv[1]):
        say(
            f"{label:<40}{spent / n * 1000:>8.2f}{spent / total:>7.0%}"
            f"{prof.sql[label] / n:>9.2f}{prof.sql_time[label] / n * 1000:>8.2f}"
        )
    say(
        f"{'total':<40}{total / n * 1000:>8.2f}{1:>7.0%}{sum(prof.sql.values()) / n:>9.2f}"
        f"{sum(prof.sql_time.values()) / n * 1000:>8.2f}"
    )
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
        _cpu_by_package(submit, min(100, len(queue)))


def _cpu_by_package(submit, n: int) -> None:
    """CPU time (not wall time) of ``n`` submissions by package, from cProfile."""
    import cProfile
    import pstats
    from collections import Counter

    cpu = cProfile.Profile(time.process_time)
    cpu.enable()
    for _ in range(n):
        submit()
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
        else:
            key = "Python itself (builtins, stdlib)"
        spent[key] += own
    total = sum(spent.values())
    say(f"CPU by package over {n} submissions (cProfile, its overhead included):")
    for key, own in spent.most_common(10):
        say(f"  {own / total:6.1%}  {key.removesuffix('.py')}")


if __name__ == "__main__" and sys.argv[1:2] == ["--drive"]:
    sys.exit(drive(sys.argv[2]))
