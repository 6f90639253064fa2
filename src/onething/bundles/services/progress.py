"""Moving a run on: the steps whose dependencies are approved start (each a case in its
department's inbox), the steps depending on a denial stop, the run concludes when every
step is approved or stops with the reason. Called at submission and by the cases'
``concluded`` hook (integration.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext as _

from onething.cases.models import OPEN_STATUSES, Case
from onething.cases.services.intake import case_submit
from onething.cases.services.lifecycle import case_withdraw
from onething.cases.services.personal import open_answers
from onething.core import clock
from onething.core.models import User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.audit import audit_record
from onething.core.services.messages import message_send

from ..models import BundleRun, RunStatus, RunStep, StepStatus
from ..rules import part_of, progress
from ..specs import specs_of
from .tallies import run_counted

LABEL = "bundle.form"  # the key label of a run's sealed personal answers


def full_form(run: BundleRun) -> dict:
    """The run's one form with its personal answers (decrypted: used only to pass data on
    to the steps' cases, which seal them again)."""
    return {**run.form_data, **open_answers(run.form_personal, LABEL)}


def tell(run: BundleRun, subject: str, body: str) -> None:
    message_send(
        person=run.applicant,
        subject=subject,
        body=body,
        link=f"/one-thing/runs/{run.number}/",
        topic=run,
    )


def applicant_actor(run: BundleRun) -> Actor:
    """The applicant, as the run acts for them when a later step starts on its own."""
    user = User.objects.select_related("agent").get(pk=run.submitted_by_id)
    return dataclasses.replace(
        actor_for(user), label=f"{user.username} (one-thing run {run.number})"
    )


def _start(
    run: BundleRun, run_step: RunStep, actor: Actor, form: dict, outputs: dict[str, dict]
) -> None:
    step = run_step.step
    inputs = {name: value for dep in step.after for name, value in outputs.get(dep, {}).items()}
    schema = step.item.form_schema or {}
    case = case_submit(
        actor=actor,
        item_code=step.item.code,
        form=part_of({**form, **inputs}, schema),
        material_ids=run_step.material_ids,
        enterprise_id=run.enterprise_id,
        region_code=run.region.code,
        delivery=run.delivery,
        delivery_address=run.delivery_address,
        # no idempotency key of its own: the run's key covers its steps (they start in the
        # run's transaction, or in the one that concludes the step before), and the
        # reservation ties each upload to its step
        reservation=f"{run.number}:{step.key}",
    )
    run_step.case, run_step.status = case, StepStatus.STARTED
    run_step.inputs = part_of(inputs, schema)
    run_step.started_at = clock.now()
    run_step.save(update_fields=["case", "status", "inputs", "started_at"])


def why_not(case: Case) -> str:
    """Why a step's case ended without approval (its denial or its non-acceptance)."""
    return case.outcome_reason or case.declined_reason or _("not approved")


def advance(run: BundleRun, actor: Actor | Callable[[], Actor]) -> None:
    """Start what may start, stop what depends on a denial, conclude or stop the run, as
    ``actor`` (or the actor ``actor()`` makes, made only when the run does something)."""
    made: list[Actor] = []

    def who() -> Actor:
        if not callable(actor):
            return actor
        if not made:
            made.append(actor())
        return made[0]

    run_steps = list(
        run.steps.select_related("step__item", "case__licence").order_by("step__order")
    )
    specs = specs_of([rs.step for rs in run_steps])
    plan = progress(specs, {rs.step.key: rs.status for rs in run_steps})
    by_key = {rs.step.key: rs for rs in run_steps}
    denied = [rs for rs in run_steps if rs.status == StepStatus.DENIED]
    reason = "; ".join(f"{rs.step.item.name}: {why_not(rs.case)}" for rs in denied)
    for key in plan.stop:
        run_step = by_key[key]
        if run_step.case is not None and run_step.case.status in OPEN_STATUSES:
            case_withdraw(
                actor=dataclasses.replace(SYSTEM, label=f"system (one-thing {run.number})"),
                number=run_step.case.number,
                reason=_("An earlier step was not approved (%(r)s).") % {"r": reason},
            )
        run_step.status = StepStatus.STOPPED
        run_step.finished_at = clock.now()
        run_step.save(update_fields=["status", "finished_at"])
    if run.status != RunStatus.RUNNING:
        return
    if plan.stopped:
        run.status, run.stopped_at = RunStatus.STOPPED, clock.now()
        run.stopped_reason = reason
        run.save(update_fields=["status", "stopped_at", "stopped_reason"])
        run_counted(run, "stopped", run.stopped_at)
        audit_record(
            actor=who(), action="run.stop", subject=run, after={"reason": run.stopped_reason}
        )
        tell(
            run,
            _("One-thing %(n)s stopped") % {"n": run.number},
            _("A step was not approved: %(r)s") % {"r": run.stopped_reason},
        )
        return
    if plan.start:
        form = full_form(run)
        outputs = {rs.step.key: rs.outputs for rs in run_steps}
        for key in plan.start:
            _start(run, by_key[key], who(), form, outputs)
    if plan.concluded:
        run.status, run.concluded_at = RunStatus.CONCLUDED, clock.now()
        run.save(update_fields=["status", "concluded_at"])
        run_counted(run, "concluded", run.concluded_at)
        audit_record(actor=who(), action="run.conclude", subject=run, after={"status": run.status})
        licences = [rs.case.licence for rs in run_steps if hasattr(rs.case, "licence")]
        tell(
            run,
            _("One-thing %(n)s concluded") % {"n": run.number},
            _("Every step of %(b)s is approved. Your results: %(l)s.")
            % {
                "b": run.bundle.name,
                "l": "、".join(f"{lic.title} {lic.number}" for lic in licences),
            },
        )
