"""Where the time of a run goes: one run's SQL and transactions, the wall time and SQL of
each part of the services (exclusive), and the CPU time by package."""

import sys
import time

from bundle_run import CPROFILE_RUNS, PROFILE_RUNS
from bundle_run.world import World
from common import Profiler, cpu_by_package, say, say_shares

# (module, function, label): the parts of a run whose exclusive time and SQL are shown. Every
# module of onething that holds the function under its name gets the timed wrapper, so the
# parts are found however they are imported; a name that is gone is skipped.
PARTS = [
    ("onething.bundles.services.runs", "run_submit", "run_submit (outside its body)"),
    ("onething.bundles.services.runs", "_share_materials", "run: materials shared, run steps"),
    ("onething.bundles.services.progress", "advance", "run: advance (plan, start, conclude)"),
    ("onething.bundles.services.progress", "full_form", "run: the one form decrypted"),
    ("onething.bundles.services.progress", "applicant_actor", "run: the applicant as actor"),
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


class RunProfiler(Profiler):
    """The Profiler, installed by wrapping each part wherever onething binds it (and
    uninstalled afterwards); SQL outside every part is the benchmark's own read."""

    def __init__(self):
        super().__init__(outside="the benchmark's own read")
        self.undo: list[tuple[object, str, object]] = []

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
    prof = RunProfiler()
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
    prof.report(n, unit="run", width=44, sql_digits=1, calls=True)
    if missing:
        say(f"(not found, so not shown apart: {', '.join(missing)})")

    # 3. CPU by package
    n = CPROFILE_RUNS
    spent = cpu_by_package(
        lambda: world.run(pool.pop()),
        n,
        builtins="C builtins (sqlite3/psycopg calls, hashing, json…)",
        stdlib="Python stdlib",
    )
    total = sum(spent.values())
    say(f"CPU by package over {n} runs ({total / n * 1000:.1f} ms/run under cProfile):")
    say_shares(spent, 9)
    return statements
