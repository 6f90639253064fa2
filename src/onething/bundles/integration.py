"""How bundles plug into cases (cases/hooks.py): a step's case concludes only when what it
concludes after is approved, the milestone is reached and its checks hold; its conclusion
moves the run on; inboxes mark the steps; the case page shows the run."""

from __future__ import annotations

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
    }
)


def run_step_of(case: Case) -> RunStep | None:
    if not hasattr(case, "_run_step"):
        case._run_step = (
            RunStep.objects.select_related("run__bundle", "step__item")
            .filter(case_id=case.pk)
            .first()
        )
    return case._run_step


@hooks.guard
def steps_wait_for_what_they_need(actor, case: Case, action: str, **context) -> None:
    run_step = run_step_of(case)
    if run_step is None or actor.is_system:
        return
    if action == "withdraw":
        raise Conflict(
            _("This case is a step of one-thing %(n)s: withdraw the whole run.")
            % {"n": run_step.run.number},
            code="bundle_step",
        )
    if action != "conclude" or context.get("outcome") == "denied":
        return  # a denial is always possible: it is how a failed check ends
    run = run_step.run
    spec = spec_of(run_step.step)
    siblings = list(run.steps.select_related("step"))
    approved = {rs.step.key for rs in siblings if rs.status == StepStatus.APPROVED}
    reasons = concluding_blocked_by(
        spec, approved, run.milestone_at is not None, run.bundle.milestone
    )
    entered = {o["name"] for o in spec.outputs if o["from"] == "entered"}
    missing = sorted(n for n in entered if not run_step.outputs.get(n))
    if missing:
        reasons.append(_("Enter the step's outputs first: %(n)s.") % {"n": ", ".join(missing)})
    step_checks = [c for c in spec.checks if not form_only(c)]
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
    BundleRun.objects.select_for_update().filter(pk=run_step.run_id).first()
    run_step = (
        RunStep.objects.select_for_update(of=("self",))
        .select_related("run__bundle", "step")
        .get(pk=run_step.pk)
    )
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
    advance(run_step.run, applicant_actor(run_step.run))


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


@hooks.panel
def bundle_panel(actor, case: Case):
    run_step = run_step_of(case)
    if run_step is None:
        return None
    run = run_step.run
    entered = [o for o in run_step.step.outputs if o["from"] == "entered"]
    return (
        "bundles/_case_panel.html",
        {
            "run": run,
            "run_step": run_step,
            "siblings": list(
                run.steps.select_related("step__item", "case").order_by("step__order")
            ),
            "entered": entered,
            "may_enter": bool(entered)
            and actor.role == Role.OFFICER
            and case.department_id == actor.department_id
            and run_step.status == StepStatus.STARTED,
        },
    )
