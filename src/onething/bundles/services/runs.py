"""Applying for a bundle: one form, one set of materials; the run and one step per item,
the steps with nothing to wait for started at once (progress.advance)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Material
from onething.cases.services.applicants import online_applicant
from onething.cases.services.intake import delivery_problems
from onething.cases.services.materials import check_materials, owned_uploads
from onething.cases.services.personal import seal_answers
from onething.catalog.formschema import clean_form
from onething.catalog.selectors import offered_in
from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next

from ..models import Bundle, BundleRun, RunStep
from ..rules import failed_checks, form_only, merged_schema, one_form_parts
from ..selectors import bundle_steps
from ..specs import specs_of
from .progress import LABEL, advance, tell
from .tallies import run_counted


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
        steps = bundle_steps(bundle)
        applicant, enterprise, region = online_applicant(
            actor, bundle, enterprise_id=enterprise_id, region_code=region_code
        )
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
        problems += delivery_problems(delivery, delivery_address)
        if problems:
            raise ValidationFailed(problems)
        shown, sealed = seal_answers(schema, cleaned, LABEL)
        run = BundleRun.objects.create(
            number=number_next(series="bundle_run", region_code=region.code),
            bundle=bundle,
            applicant=applicant,
            enterprise=enterprise,
            submitted_by_id=actor.user_id,
            region=region,
            form_data=shown,
            form_personal=sealed,
            delivery=delivery,
            delivery_address=delivery_address.strip(),
            started_at=clock.now(),
        )
        run_counted(run, "started", run.started_at)
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
