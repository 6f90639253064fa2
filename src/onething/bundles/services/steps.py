"""What is done to a running run besides its steps' cases: the applicant withdraws it,
an officer records its milestone or enters a step's outputs."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import OPEN_STATUSES, Case, Material
from onething.cases.services.lifecycle import case_withdraw
from onething.catalog.formschema import clean_form
from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, require_role, visible
from onething.core.services.audit import audit_record

from ..models import BundleRun, RunStatus, RunStep, StepStatus
from .progress import tell
from .tallies import run_counted


def _locked_run(actor: Actor, number: str) -> BundleRun:
    run = (
        visible(actor, BundleRun.objects.select_for_update(of=("self",)))
        .filter(number=number)
        .first()
    )
    if run is None:
        raise NotFound(_("No one-thing run %(n)s is visible to you.") % {"n": number})
    return run


@transaction.atomic
def run_withdraw(*, actor: Actor, number: str, reason: str = "") -> BundleRun:
    """The applicant withdraws the whole run: every open step case is withdrawn, the steps
    not started never start. Steps already concluded stay as they are."""
    require_role(actor, Role.APPLICANT, Role.AGENT)
    # the steps' cases before the run, in the order a conclusion takes them
    list(
        Case.objects.select_for_update(of=("self",))
        .filter(bundle_step__run__number=number)
        .order_by("pk")
    )
    run = _locked_run(actor, number)
    if run.submitted_by_id != actor.user_id and run.applicant_id != actor.person_id:
        raise PermissionDenied(_("Only the applicant withdraws a run."))
    if run.status != RunStatus.RUNNING:
        raise Conflict(
            _("A run that is %(s)s cannot be withdrawn.") % {"s": run.get_status_display()},
            code="invalid_transition",
        )
    system = dataclasses.replace(
        SYSTEM, label=f"system (withdrawal of {run.number} by {actor.label})"
    )
    for run_step in run.steps.select_related("case"):
        if run_step.status == StepStatus.STARTED and run_step.case.status in OPEN_STATUSES:
            case_withdraw(actor=system, number=run_step.case.number, reason=reason)
            run_step.status = StepStatus.WITHDRAWN
        elif run_step.status == StepStatus.WAITING:
            run_step.status = StepStatus.WITHDRAWN
        run_step.finished_at = run_step.finished_at or clock.now()
        run_step.save(update_fields=["status", "finished_at"])
    Material.objects.filter(reserved_for__startswith=f"{run.number}:", case__isnull=True).update(
        reserved_for=f"{run.number}:withdrawn"
    )
    run.status, run.stopped_reason = RunStatus.WITHDRAWN, (reason or "").strip()
    run.stopped_at = clock.now()
    run.save(update_fields=["status", "stopped_at", "stopped_reason"])
    run_counted(run, "withdrawn", run.stopped_at)
    audit_record(actor=actor, action="run.withdraw", subject=run, note=(reason or "")[:300])
    tell(
        run,
        _("One-thing %(n)s withdrawn") % {"n": run.number},
        _("You withdrew %(b)s.") % {"b": run.bundle.name},
    )
    return run


@transaction.atomic
def run_milestone(*, actor: Actor, number: str, reached_at=None) -> BundleRun:
    """The milestone the waiting steps conclude after is reached (e.g. the land contract is
    signed): recorded by an officer of a department the run involves."""
    require_role(actor, Role.OFFICER)
    run = _locked_run(actor, number)
    if not run.bundle.milestone:
        raise Conflict(_("%(b)s has no milestone.") % {"b": run.bundle.name}, code="no_milestone")
    if run.milestone_at is not None:
        raise Conflict(_("The milestone was recorded already."), code="invalid_transition")
    when = reached_at or clock.now()
    if when > clock.now():
        raise ValidationFailed.one(
            "reached_at", "future", _("The milestone cannot be in the future.")
        )
    run.milestone_at = when
    run.save(update_fields=["milestone_at"])
    audit_record(
        actor=actor,
        action="run.milestone",
        subject=run,
        after={"milestone": run.bundle.milestone, "at": when},
    )
    tell(
        run,
        _("%(m)s recorded for %(n)s") % {"m": run.bundle.milestone, "n": run.number},
        _("The permits reviewed in advance can now be concluded."),
    )
    return run


@transaction.atomic
def step_outputs_enter(*, actor: Actor, case_number: str, values: dict) -> RunStep:
    """The handling officer enters the outputs a step declares as entered (e.g. the tax
    verification number), before approving it."""
    require_role(actor, Role.OFFICER)
    case = visible(actor, Case.objects.all()).filter(number=case_number).first()
    run_step = (
        RunStep.objects.select_for_update().select_related("step", "run").filter(case=case).first()
        if case
        else None
    )
    if run_step is None:
        raise NotFound(_("No step of a one-thing run has case %(n)s.") % {"n": case_number})
    if case.department_id != actor.department_id:
        raise PermissionDenied(_("Only the handling department enters the step's outputs."))
    entered = {o["name"] for o in run_step.step.outputs if o["from"] == "entered"}
    unknown = sorted(set(values) - entered)
    if unknown:
        raise ValidationFailed.one(
            "values",
            "unknown_output",
            _("This step enters no output named %(n)s.") % {"n": ", ".join(unknown)},
        )
    if run_step.status != StepStatus.STARTED:
        raise Conflict(_("The step is not in progress."), code="invalid_transition")
    values = {k: str(v).strip() for k, v in values.items()}
    clean_form(_fields_fed_by(run_step), values, prefix="values")
    run_step.outputs = {**run_step.outputs, **values}
    run_step.save(update_fields=["outputs"])
    audit_record(
        actor=actor,
        action="run.outputs",
        subject=case,
        after={"run": run_step.run.number, "step": run_step.step.key, "values": values},
    )
    return run_step


def _fields_fed_by(run_step: RunStep) -> dict:
    """The form fields of the later steps that this step's outputs fill in (an entered
    credit code must be one, since the food licence's form will hold it)."""
    names = {o["name"] for o in run_step.step.outputs}
    properties: dict = {}
    for later in run_step.step.bundle.steps.select_related("item"):
        if run_step.step.key in (later.after or []):
            props = (later.item.form_schema or {}).get("properties", {})
            properties.update({n: props[n] for n in names if n in props})
    return {"type": "object", "properties": properties}
