"""两地联办: each town's department decides its part; the case concludes when every part has
(approved when every part is, else denied with the reasons)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus
from onething.cases.services.lifecycle import case_conclude
from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.services.audit import audit_record

from ..models import CasePart, PartStatus


@transaction.atomic
def joint_part_decide(*, actor: Actor, number: str, outcome: str, note: str = "") -> CasePart:
    require_role(actor, Role.OFFICER)
    if outcome not in (PartStatus.APPROVED, PartStatus.DENIED):
        raise ValidationFailed.one("outcome", "choice", _("The outcome is approved or denied."))
    if outcome == PartStatus.DENIED and not (note or "").strip():
        raise ValidationFailed.one(
            "note", "required", _("Give the reason: the applicant reads it.")
        )
    case = (
        visible(actor, Case.objects.select_for_update(of=("self",))).filter(number=number).first()
    )
    if case is None:
        raise NotFound(_("No case %(n)s is visible to you.") % {"n": number})
    parts = list(
        CasePart.objects.select_for_update().filter(case=case).select_related("department")
    )
    if not parts:
        raise Conflict(_("%(n)s is not a joint case.") % {"n": number}, code="not_joint")
    mine = next((p for p in parts if p.department_id == actor.department_id), None)
    if mine is None:
        raise PermissionDenied(_("Your department has no part in this case."))
    if case.status != CaseStatus.ACCEPTED:
        raise Conflict(
            _("A part is decided once the case is accepted and not waiting for a correction."),
            code="invalid_transition",
        )
    if mine.status != PartStatus.PENDING:
        raise Conflict(_("Your part was decided already."), code="invalid_transition")
    mine.status, mine.note = outcome, (note or "").strip()
    mine.acted_by_id, mine.acted_at = actor.user_id, clock.now()
    mine.save(update_fields=["status", "note", "acted_by", "acted_at"])
    audit_record(
        actor=actor,
        action="crossregion.part_decide",
        subject=case,
        after={"department": mine.department.code, "outcome": outcome},
        note=mine.note[:300],
    )
    if all(p.status != PartStatus.PENDING for p in parts):
        denied = [p for p in parts if p.status == PartStatus.DENIED]
        case_conclude(
            actor=actor,
            number=number,
            outcome="denied" if denied else "approved",
            reason="; ".join(f"{p.department.name}: {p.note}" for p in denied),
        )
    return mine
