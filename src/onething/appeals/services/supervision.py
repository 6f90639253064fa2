"""督办: supervisors put appeals on numbered batches (第四批 …) with their own deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Region, Role
from onething.core.permissions import Actor, get_visible, require_role, visible
from onething.core.services.audit import audit_record

from ..models import Appeal, Programme, Supervision, SupervisionBatch
from ..problems import refuse_if, text_problem
from .common import event_add


@transaction.atomic
def batch_create(
    *,
    actor: Actor,
    number: int,
    title: str,
    deadline: dt.date,
    programme_code: str = "",
    region_code: str = "",
) -> SupervisionBatch:
    """A numbered supervision batch in the supervisor's region (or a part of it)."""
    require_role(actor, Role.SUPERVISOR)
    problems = []
    if not isinstance(number, int) or number < 1:
        problems.append(FieldProblem("number", "min", _("At least 1.")))
    problems.append(text_problem("title", title, 100, _("Give the batch a title.")))
    if deadline is None or deadline < clock.today():
        problems.append(
            FieldProblem("deadline", "past", _("The deadline must not be in the past."))
        )
    programme = None
    if programme_code:
        programme = Programme.objects.filter(code=programme_code).first()
        if programme is None:
            problems.append(
                FieldProblem(
                    "programme", "unknown", _("Unknown programme %(c)s.") % {"c": programme_code}
                )
            )
    region = None
    if region_code:
        region = visible(actor, Region.objects.all()).filter(code=region_code).first()
        if region is None or (actor.region_path and not region.path.startswith(actor.region_path)):
            problems.append(
                FieldProblem("region", "outside", _("The region is outside the one you supervise."))
            )
    else:
        region = (
            Region.objects.filter(path=actor.region_path).first() if actor.region_path else None
        )
        if region is None:
            region = Region.objects.filter(parent__isnull=True).first()
    refuse_if(problems)
    if SupervisionBatch.objects.filter(programme=programme, number=number).exists():
        raise ValidationFailed.one(
            "number", "unique", _("Batch %(n)s exists already.") % {"n": number}
        )
    batch = SupervisionBatch.objects.create(
        programme=programme,
        number=number,
        title=title.strip(),
        region=region,
        deadline=deadline,
        created_by_id=actor.user_id,
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="supervision_batch.create",
        subject=batch,
        after={"number": number, "title": batch.title, "deadline": deadline},
    )
    return batch


@transaction.atomic
def batch_add(
    *, actor: Actor, batch_id: int, numbers: Sequence[str], note: str = ""
) -> list[Supervision]:
    """督办: put appeals on a batch. Each must be one the supervisor sees and still open
    to the batch (an appeal already on it is refused, naming it); all or nothing."""
    require_role(actor, Role.SUPERVISOR)
    batch = get_visible(actor, SupervisionBatch.objects.all(), pk=batch_id)
    if not numbers:
        raise ValidationFailed.one("numbers", "required", _("Name at least one appeal."))
    refuse_if([text_problem("note", note, 300)])
    found = {a.number: a for a in visible(actor, Appeal.objects.filter(number__in=list(numbers)))}
    problems = [
        FieldProblem(f"numbers.{i}", "unknown", _("No appeal %(n)s is visible to you.") % {"n": n})
        for i, n in enumerate(numbers)
        if n not in found
    ]
    if problems:
        raise ValidationFailed(problems)
    already = set(
        batch.items.filter(appeal__number__in=list(numbers)).values_list(
            "appeal__number", flat=True
        )
    )
    if already:
        raise Conflict(
            _("Already on this batch: %(n)s.") % {"n": ", ".join(sorted(already))},
            code="already_supervised",
            details={"numbers": sorted(already)},
        )
    items = []
    for number in dict.fromkeys(numbers):
        appeal = found[number]
        items.append(
            Supervision.objects.create(
                batch=batch, appeal=appeal, note=(note or "").strip(), added_at=clock.now()
            )
        )
        event_add(appeal, "supervised", actor, note=f"{batch.title}（{batch.deadline:%Y-%m-%d}）")
        audit_record(
            actor=actor, action="appeal.supervise", subject=appeal, after={"batch": batch.pk}
        )
    return items
