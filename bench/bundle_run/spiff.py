"""The anchor: SpiffWorkflow running bench/bundle_run.bpmn in memory; and, informative,
SpiffWorkflow persisted the way a run is."""

import time

from bundle_run import BPMN, PROCESS_ID


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
