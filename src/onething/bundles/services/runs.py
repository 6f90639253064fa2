"""Running a bundle: one application makes a run and one case per step; steps start in
parallel as soon as what they start after is approved; a denial stops what depends on it;
the run concludes when every step is approved."""

from __future__ import annotations

import dataclasses
import json

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import OPEN_STATUSES, Case, Material
from onething.cases.services.intake import (
    _delivery_problems,
    acting_for,
    case_submit,
    check_materials,
    owned_uploads,
)
from onething.cases.services.lifecycle import case_withdraw
from onething.catalog.formschema import clean_form, split_personal
from onething.catalog.selectors import offered_in
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import (
    Conflict,
    FieldProblem,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import Person, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for, require_role, visible
from onething.core.selectors.regions import region_by_code
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.messages import message_send
from onething.core.services.numbering import number_next

from ..models import Audience, Bundle, BundleRun, RunStatus, RunStep, StepStatus
from ..rules import failed_checks, form_only, merged_schema, one_form_parts, part_of, progress
from ..specs import specs_of

LABEL = "bundle.form"


def _steps(bundle: Bundle) -> list:
    return list(
        bundle.steps.select_related("item__department__region").prefetch_related(
            "item__materials__material_type", "item__regions"
        )
    )


def full_form(run: BundleRun) -> dict:
    """The run's one form with its personal answers (decrypted: used only to pass data on
    to the steps' cases, which seal them again)."""
    personal = json.loads(keyring().decrypt(run.form_personal, LABEL)) if run.form_personal else {}
    return {**run.form_data, **personal}


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


def _start(run: BundleRun, run_step: RunStep, actor: Actor, form: dict) -> None:
    step = run_step.step
    outputs = {rs.step.key: rs.outputs for rs in run.steps.select_related("step")}
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
        reservation=f"{run.number}:{step.key}",
        idempotency_key=f"run:{run.number}:{step.key}",
    )
    run_step.case, run_step.status = case, StepStatus.STARTED
    run_step.inputs = part_of(inputs, schema)
    run_step.started_at = clock.now()
    run_step.save(update_fields=["case", "status", "inputs", "started_at"])


def why_not(case: Case) -> str:
    """Why a step's case ended without approval (its denial or its non-acceptance)."""
    return case.outcome_reason or case.declined_reason or _("not approved")


def advance(run: BundleRun, actor: Actor) -> None:
    """Start what may start, stop what depends on a denial, conclude or stop the run."""
    run_steps = list(run.steps.select_related("step__item", "case").order_by("step__order"))
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
        run.status = RunStatus.STOPPED
        run.stopped_reason = reason
        run.save(update_fields=["status", "stopped_reason"])
        audit_record(
            actor=actor, action="run.stop", subject=run, after={"reason": run.stopped_reason}
        )
        tell(
            run,
            _("One-thing %(n)s stopped") % {"n": run.number},
            _("A step was not approved: %(r)s") % {"r": run.stopped_reason},
        )
        return
    if plan.start:
        form = full_form(run)
        for key in plan.start:
            _start(run, by_key[key], actor, form)
    if plan.concluded:
        run.status, run.concluded_at = RunStatus.CONCLUDED, clock.now()
        run.save(update_fields=["status", "concluded_at"])
        audit_record(actor=actor, action="run.conclude", subject=run, after={"status": run.status})
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


def run_submit(
    *,
    actor: Actor,
    bundle_code: str,
    form: dict,
    material_ids: list[int],
    enterprise_id: int | None = None,
    region_code: str = "",
    delivery: str = "electronic",
    delivery_address: str = "",
    idempotency_key: str | None = None,
) -> BundleRun:
    """一表申请, 一套材料: apply for a bundle with one form and one set of materials. Every
    field is asked once; every material type is uploaded once and given to each step that
    asks for it. The steps with nothing to wait for start at once, in parallel."""
    require_role(actor, Role.APPLICANT, Role.AGENT)

    @transaction.atomic(savepoint=False)
    def create() -> BundleRun:
        bundle = Bundle.objects.filter(code=bundle_code, is_active=True).first()
        if bundle is None:
            raise ValidationFailed.one(
                "bundle_code", "unknown", _("There is no one-thing %(c)s.") % {"c": bundle_code}
            )
        steps = _steps(bundle)
        enterprise = acting_for(actor, enterprise_id) if enterprise_id is not None else None
        if bundle.audience == Audience.ENTERPRISE and enterprise is None:
            raise ValidationFailed.one(
                "enterprise_id",
                "required",
                _("%(b)s is applied for by an enterprise.") % {"b": bundle.name},
            )
        applicant = Person.objects.select_related("region").get(pk=actor.person_id)
        region = region_by_code(region_code) if region_code else applicant.region
        problems: list[FieldProblem] = [
            FieldProblem(
                "region_code",
                "not_offered",
                _("%(item)s is not offered in %(r)s.") % {"item": s.item.name, "r": region.name},
            )
            for s in steps
            if not offered_in(s.item, region)
        ]
        schema, _conflicts = merged_schema(
            one_form_parts(specs_of(steps), {s.key: s.item.form_schema for s in steps})
        )
        cleaned: dict = {}
        try:
            cleaned = clean_form(schema, form)
        except ValidationFailed as error:
            problems += error.problems
        else:
            for s in steps:
                for message in failed_checks([c for c in s.checks if form_only(c)], cleaned, {}):
                    problems.append(FieldProblem(f"checks.{s.key}", "check_failed", message))
        uploads = owned_uploads(actor, material_ids)
        wanted = {r.material_type_id for s in steps for r in s.item.materials.all()}
        for upload in uploads:
            if upload.material_type_id not in wanted:
                problems.append(
                    FieldProblem(
                        "materials",
                        "not_asked",
                        _("%(b)s does not ask for %(m)s.")
                        % {"b": bundle.name, "m": upload.material_type.name},
                    )
                )
        for s in steps:
            own = [
                u
                for u in uploads
                if u.material_type_id in {r.material_type_id for r in s.item.materials.all()}
            ]
            problems += [
                p
                for p in check_materials(s.item, own)
                if p.rule != "not_asked" and p not in problems
            ]
        problems += _delivery_problems(delivery, delivery_address)
        if problems:
            raise ValidationFailed(problems)
        shown, personal = split_personal(schema, cleaned)
        run = BundleRun.objects.create(
            number=number_next(series="bundle_run", region_code=region.code),
            bundle=bundle,
            applicant=applicant,
            enterprise=enterprise,
            submitted_by_id=actor.user_id,
            region=region,
            form_data=shown,
            form_personal=keyring().encrypt(json.dumps(personal, ensure_ascii=False), LABEL)
            if personal
            else "",
            delivery=delivery,
            delivery_address=delivery_address.strip(),
            started_at=clock.now(),
        )
        _share_materials(run, steps, uploads)
        audit_record(
            actor=actor,
            action="run.submit",
            subject=run,
            after={
                "bundle": bundle.code,
                "steps": [s.key for s in steps],
                "materials": sorted(u.pk for u in uploads),
            },
        )
        tell(
            run,
            _("One-thing %(n)s received") % {"n": run.number},
            _(
                "Your application for %(b)s has %(k)s steps; they are handled in parallel "
                "where they can be."
            )
            % {"b": bundle.name, "k": len(steps)},
        )
        advance(run, actor)
        return run

    run, _created = idempotent_create(
        actor=actor,
        operation="run.submit",
        key=idempotency_key,
        payload={
            "bundle": bundle_code,
            "form": form,
            "materials": sorted(material_ids),
            "enterprise": enterprise_id,
            "region": region_code,
        },
        model=BundleRun,
        create=create,
    )
    return run


def _share_materials(run: BundleRun, steps: list, uploads: list[Material]) -> None:
    """一套材料: each upload goes to the first step that asks for its type, a copy (the same
    stored file) to every other; all set aside for their step until it starts."""
    given: set[int] = set()
    for s in steps:
        types = {r.material_type_id for r in s.item.materials.all()}
        ids = []
        for upload in (u for u in uploads if u.material_type_id in types):
            if upload.pk in given:
                copy = Material.objects.create(
                    owner_id=upload.owner_id,
                    material_type_id=upload.material_type_id,
                    file=upload.file.name,
                    original_name=upload.original_name,
                    content_type=upload.content_type,
                    size=upload.size,
                    sha256=upload.sha256,
                    reserved_for=f"{run.number}:{s.key}",
                )
                ids.append(copy.pk)
            else:
                Material.objects.filter(pk=upload.pk).update(reserved_for=f"{run.number}:{s.key}")
                given.add(upload.pk)
                ids.append(upload.pk)
        RunStep.objects.create(run=run, step=s, material_ids=ids)


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
    run.save(update_fields=["status", "stopped_reason"])
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
