"""寄递: paper originals from the receiving window to the handling department."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Case
from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.services.audit import audit_record
from onething.core.services.numbering import number_next

from ..models import CrossRegionCase, Handoff, HandoffStatus, Mode
from ..rules import handoff_next


def paper_originals(case: Case) -> list[str]:
    """The materials of the case's item that must travel on paper."""
    return [
        r.material_type.name
        for r in case.item.materials.select_related("material_type")
        if r.needs_paper_original
    ]


@transaction.atomic
def handoff_create(*, actor: Actor, number: str, note: str = "") -> Handoff:
    """The receiving clerk prepares the originals of a cross-region case for the post."""
    require_role(actor, Role.CLERK)
    case = (
        visible(actor, Case.objects.select_related("item", "center")).filter(number=number).first()
    )
    if case is None or case.center_id != actor.service_center_id:
        raise NotFound(_("No case %(n)s was received at your centre.") % {"n": number})
    record = CrossRegionCase.objects.filter(case=case).select_related("receiving_region").first()
    if record is not None and record.mode == Mode.COLLABORATIVE:
        raise Conflict(
            _(
                "高效协同 sends no paper originals: the partner town's departments check "
                "their data inside the case."
            ),
            code="collaborative_no_paper",
        )
    if record is None or record.mode == Mode.ONLINE:
        raise Conflict(
            _("Only a case received here and handled in another town travels on paper."),
            code="not_cross_region",
        )
    originals = paper_originals(case)
    if not originals:
        raise Conflict(
            _("%(item)s needs no paper originals: everything travels electronically.")
            % {"item": case.item.name},
            code="no_originals",
        )
    if case.handoffs.filter(
        status__in=[HandoffStatus.PREPARED, HandoffStatus.SENT, HandoffStatus.RECEIVED]
    ).exists():
        raise Conflict(
            _("The originals of this case are already on their way or arrived."),
            code="handoff_exists",
        )
    handoff = Handoff.objects.create(
        number=number_next(series="handoff", region_code=record.receiving_region.code),
        case=case,
        originals=originals,
        created_by_id=actor.user_id,
        note=(note or "").strip(),
    )
    audit_record(
        actor=actor,
        action="handoff.create",
        subject=handoff,
        after={"case": case.number, "originals": originals},
    )
    return handoff


def _locked(actor: Actor, handoff_number: str) -> Handoff:
    handoff = (
        visible(actor, Handoff.objects.select_for_update(of=("self",)))
        .select_related("case__center", "case__department")
        .filter(number=handoff_number)
        .first()
    )
    if handoff is None:
        raise NotFound(_("No hand-off %(n)s is visible to you.") % {"n": handoff_number})
    return handoff


@transaction.atomic
def handoff_send(
    *, actor: Actor, handoff_number: str, carrier: str, tracking_number: str
) -> Handoff:
    require_role(actor, Role.CLERK)
    handoff = _locked(actor, handoff_number)
    if handoff.case.center_id != actor.service_center_id:
        raise PermissionDenied(_("The receiving window sends the originals."))
    if not (tracking_number or "").strip():
        raise ValidationFailed.one(
            "tracking_number", "required", _("A posted hand-off needs its tracking number.")
        )
    handoff.status = handoff_next(handoff.status, "send")
    handoff.carrier, handoff.tracking_number = (
        (carrier or "").strip()[:40],
        tracking_number.strip()[:40],
    )
    handoff.sent_at = clock.now()
    handoff.save(update_fields=["status", "carrier", "tracking_number", "sent_at"])
    audit_record(
        actor=actor,
        action="handoff.send",
        subject=handoff,
        after={"tracking_number": handoff.tracking_number},
    )
    return handoff


@transaction.atomic
def handoff_receive(
    *, actor: Actor, handoff_number: str, outcome: str = "received", note: str = ""
) -> Handoff:
    """The handling department takes the originals in, or reports them missing or damaged
    (then the receiving window prepares a new hand-off)."""
    require_role(actor, Role.OFFICER)
    actions = {"received": "receive", "missing": "report_missing", "damaged": "report_damaged"}
    if outcome not in actions:
        raise ValidationFailed.one(
            "outcome", "choice", _("The outcome is received, missing or damaged.")
        )
    if outcome != "received" and not (note or "").strip():
        raise ValidationFailed.one("note", "required", _("Say what is missing or damaged."))
    handoff = _locked(actor, handoff_number)
    if handoff.case.department_id != actor.department_id:
        raise PermissionDenied(_("The handling department takes the originals in."))
    handoff.status = handoff_next(handoff.status, actions[outcome])
    handoff.received_by_id, handoff.received_at = actor.user_id, clock.now()
    handoff.note = "\n".join(filter(None, [handoff.note, (note or "").strip()]))
    handoff.save(update_fields=["status", "received_by", "received_at", "note"])
    audit_record(actor=actor, action=f"handoff.{outcome}", subject=handoff, note=(note or "")[:300])
    return handoff
