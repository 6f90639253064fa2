"""How bundles plug into cases (cases/hooks.py): a step's case concludes only when what it
concludes after is approved, the milestone is reached and its checks hold; its conclusion
moves the run on; inboxes mark the steps; the case page shows the run."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.cases import hooks
from onething.cases.models import Case
from onething.core import clock
from onething.core.errors import Conflict
from onething.core.models import Role

from .models import BundleRun, RunStep, StepStatus
from .rules import concluding_blocked_by, failed_checks, form_only, output_values
from .services.progress import advance, applicant_actor, full_form
from .specs import spec_of

hooks.event_labels(
    {
        "run.submit": gettext_lazy("One-thing application submitted"),
        "run.outputs": gettext_lazy("Step outputs entered"),
        "case.batch_pickup": gettext_lazy("Result collected in a batch pickup"),
    }
)


@hooks.flag("is_bundle_step")
def _is_run_step():
    return Exists(RunStep.objects.filter(case_id=OuterRef("pk")))


def run_step_of(case: Case) -> RunStep | None:
    """The run step whose case this is, or None (memoised on the case object; none looked
    up when the case was read with the flag saying it is no step)."""
    if not hasattr(case, "_run_step"):
        known = getattr(case, "is_bundle_step", None)  # read with a locked case
        if known is not None and not known:
            case._run_step = None
            return None
        found = RunStep.objects.select_related("run__bundle", "step__item").filter(case_id=case.pk)
        case._run_step = next(iter(found.order_by()[:1]), None)  # unique: no ordering
    return case._run_step


@hooks.guard
def steps_wait_for_what_they_need(actor, case: Case, action: str, **context) -> None:
    if actor.is_system or action not in ("withdraw", "conclude"):
        return  # the other actions are a step's case's own
    if action == "conclude" and context.get("outcome") == "denied":
        return  # a denial is always possible: it is how a failed check ends
    run_step = run_step_of(case)
    if run_step is None:
        return
    if action == "withdraw":
        raise Conflict(
            _("This case is a step of one-thing %(n)s: withdraw the whole run.")
            % {"n": run_step.run.number},
            code="bundle_step",
        )
    run = run_step.run
    spec = spec_of(run_step.step)
    entered = {o["name"] for o in spec.outputs if o["from"] == "entered"}
    step_checks = [c for c in spec.checks if not form_only(c)]
    siblings = (
        list(run.steps.select_related("step__item"))
        if spec.concludes_after or step_checks
        else []  # nothing about the other steps to check
    )
    approved = {rs.step.key for rs in siblings if rs.status == StepStatus.APPROVED}
    names = {rs.step.key: rs.step.item.name for rs in siblings}
    reasons = concluding_blocked_by(
        spec, approved, run.milestone_at is not None, run.bundle.milestone, names
    )
    labels = {o["name"]: o.get("label") or o["name"] for o in spec.outputs}
    missing = sorted(labels[n] for n in entered if not run_step.outputs.get(n))
    if missing:
        reasons.append(_("Enter the step's outputs first: %(n)s.") % {"n": "、".join(missing)})
    if step_checks and not reasons:
        outputs = {rs.step.key: rs.outputs for rs in siblings}
        reasons += failed_checks(step_checks, full_form(run), outputs)
    if reasons:
        raise Conflict("; ".join(reasons), code="step_not_ready", details={"reasons": reasons})


@hooks.concluded
def move_the_run_on(actor, case: Case) -> None:
    run_step = run_step_of(case)
    if run_step is None:
        return
    # the run first: two steps concluding at once must see each other's outcome
    run = (
        BundleRun.objects.select_for_update(of=("self",))
        .select_related("bundle")
        .get(pk=run_step.run_id)
    )
    run_step = (
        RunStep.objects.select_for_update(of=("self",)).select_related("step").get(pk=run_step.pk)
    )
    run_step.run = run
    approved = case.status == "concluded" and case.outcome == "approved"
    if approved:
        licence = getattr(case, "licence", None)
        run_step.outputs = {
            **run_step.outputs,
            **output_values(
                [o for o in run_step.step.outputs if o["from"] != "entered"],
                licence_number=licence.number if licence else "",
                case_number=case.number,
                form=case.form_data,
                entered=run_step.outputs,
            ),
        }
    run_step.status = StepStatus.APPROVED if approved else StepStatus.DENIED
    run_step.finished_at = clock.now()
    run_step.save(update_fields=["outputs", "status", "finished_at"])
    advance(run, lambda: applicant_actor(run))  # the applicant read only if the run acts


@hooks.marks
def bundle_marks(cases: list[Case]) -> dict[int, list[str]]:
    steps = RunStep.objects.filter(case_id__in=[c.pk for c in cases]).select_related(
        "run__bundle", "step"
    )
    return {
        rs.case_id: [
            _("One-thing %(n)s (%(b)s), step %(k)s")
            % {"n": rs.run.number, "b": rs.run.bundle.name, "k": rs.step.key}
        ]
        for rs in steps
    }


def _typed(refusal: hooks.PanelRefusal | None) -> dict:
    """What was typed in the refused outputs form and each input's problems, by output."""
    form = refusal.form if refusal is not None and refusal.action == "outputs" else None
    if form is None:
        return {"typed": {}, "problems": {}}
    return {
        "typed": {name: form[name].value() or "" for name in form.fields},
        "problems": dict(form.errors.items()),
    }


@hooks.panel
def bundle_panel(actor, case: Case, refusal: hooks.PanelRefusal | None = None):
    """The run on its step's case page; ``refusal``: the panel's form just refused (shown
    with what was typed and each input's problems)."""
    run_step = run_step_of(case)
    if run_step is None:
        return None
    run = run_step.run
    entered = [o for o in run_step.step.outputs if o["from"] == "entered"]
    siblings = list(run.steps.select_related("step__item", "case").order_by("step__order"))
    # what earlier steps passed on, under the labels those steps give their outputs
    labels = {o["name"]: o.get("label") for s in siblings for o in s.step.outputs}
    return (
        "bundles/_case_panel.html",
        {
            "run": run,
            "run_step": run_step,
            "siblings": siblings,
            "inputs": [
                (labels.get(name) or _("Value from an earlier step"), value)
                for name, value in (run_step.inputs or {}).items()
            ],
            "entered": entered,
            "may_enter": bool(entered)
            and actor.role == Role.OFFICER
            and case.department_id == actor.department_id
            and run_step.status == StepStatus.STARTED,
            "refusal": refusal,
            **_typed(refusal),
        },
    )
