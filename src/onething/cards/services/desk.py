"""服务台: a visit recorded at a venue's counter by its staff — the hospital's desk of the
green channel (医院就诊绿色通道: a priority service, recorded, never charged) or a
restaurant's till (餐饮商圈优惠: the bill entered, the discount given, owed to the merchant
from the union's subsidy pool or at the merchant's own cost, as the benefit says).

Who signs in: the desk's own account, of role ``gate``, attached to a gate of the venue
(``Gate.account``) as a terminal's is, but with a password for the pages (the union makes
it: an account of role gate, then ``gate_register`` with ``account_username``). The
account's gate says which venue it serves: a desk records visits at that venue only (403
``other_venue``), and no other role records one (403).

A visit is a swipe of that gate (``Swipe``: when, which desk, the honoree, the service, or
the bill and its discount), decided by the same rule as a gate's swipe and counted by the
same roll-ups; a visit the union owes for writes its ledger row, so the merchant's monthly
statement and the reconciliation include it. The desk chooses no swipe id: each visit gets
a fresh one, and ``Idempotency-Key`` (the page's hidden visit id) makes a retry answer the
first visit. A refusal (a blocked card, no benefit here, a cap reached) is a 409
``visit_refused`` naming the reason, and nothing is written; each recorded visit is audited
(a person made it, unlike a gate's swipe)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create

from ..models import Swipe
from ..rules.benefits import BenefitSpec, benefit_for
from ..rules.visits import BILL_DISCOUNT, PRIORITY, visit_terms_clean
from ..selectors.desk import credential_clean, desk_of
from ..selectors.ledger import reason_text
from ..selectors.venues import GateInfo, venue_rules
from .gates.swipe import SwipeRequest, _present, decide_swipe, store_swipe

DESK_SWIPE_PREFIX = "desk-"


def _terms_problems(benefit: BenefitSpec | None, bill_fen, service: str) -> list[FieldProblem]:
    """The visit's details against the benefit that applies: a dining offer needs the bill,
    the green channel the service; neither is taken where it does not apply."""
    kind = benefit.kind if benefit else ""
    problems = []
    if kind == BILL_DISCOUNT and bill_fen is None:
        problems.append(
            FieldProblem(
                "bill_fen", "required", _("Enter the bill: the discount is a share of it.")
            )
        )
    if kind != BILL_DISCOUNT and bill_fen is not None:
        problems.append(
            FieldProblem("bill_fen", "not_here", _("There is no discount on the bill here."))
        )
    if kind == PRIORITY and not service:
        problems.append(
            FieldProblem("service", "required", _("Choose the priority service given."))
        )
    if kind != PRIORITY and service:
        problems.append(
            FieldProblem("service", "not_here", _("There is no priority service here."))
        )
    return problems


def _record(
    actor: Actor, gate: GateInfo, card_number: str, code: str, bill_fen, service: str
) -> Swipe:
    now = clock.now()
    req = SwipeRequest(
        f"{DESK_SWIPE_PREFIX}{uuid.uuid4().hex}", card_number, code, now, bill_fen, service
    )
    presented = _present(req, now, lock=True)  # caps are counted under the honoree's lock
    if presented.kind == "card" and presented.card is None:
        raise NotFound(
            _("There is no honour card with this number."), details={"field": "card_number"}
        )
    if presented.kind == "code" and presented.verdict == "malformed":
        raise ValidationFailed.one("code", "format", reason_text("malformed"))
    rules = venue_rules(gate.venue_id)
    if presented.honoree is not None:
        benefit = benefit_for(rules.benefits, presented.honoree.level, timezone.localdate(now))
        problems = _terms_problems(benefit, bill_fen, service)
        if problems:
            raise ValidationFailed(problems)
    decision = decide_swipe(gate, req, presented, now, rules)
    if not decision.allowed:
        raise Conflict(
            reason_text(decision.reason),
            code="visit_refused",
            details={
                "reason": decision.reason,
                "field": "card_number" if presented.kind == "card" else "code",
            },
        )
    swipe = store_swipe(gate, req, presented, decision, now, offline=False)
    audit_record(
        actor=actor,
        action="visit.record",
        subject=swipe,
        after={
            "desk": gate.code,
            "venue": gate.venue_id,
            "honoree": swipe.honoree_id,
            "service": swipe.service,
            "bill_fen": swipe.bill_fen,
            "discount_fen": swipe.discount_fen,
            "funded_by": swipe.funded_by,
            "amount_fen": swipe.amount_fen,
        },
    )
    return swipe


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    venue_code: str,
    card_number: str | None = None,
    code: str | None = None,
    service: str | None = None,
    bill_fen: int | None = None,
    idempotency_key: str | None = None,
) -> Swipe:
    """A visit at the desk of ``venue_code``, now: the honoree named by ``card_number`` or
    ``code`` (exactly one), with ``service`` at the green channel or ``bill_fen`` (the bill
    in fen) at a dining offer. Returns the stored swipe (``allowed``, ``service``,
    ``bill_fen``, ``discount_fen``, ``funded_by``, ``amount_fen`` — what the union owes).

    403: not a desk, or a desk of another venue. 404: no such venue, no such card. 422: the
    fields (all at once where they can be: ``card_number``/``code``, ``bill_fen``,
    ``service``; then the bill or service the honoree's benefit needs). 409
    ``visit_refused``: the card or code is not good here now (``details.reason``); 409
    ``idempotency_key_reused``: the key came with another request."""
    gate = desk_of(actor, venue_code)
    problems: list[FieldProblem] = []
    try:
        card_number, code = credential_clean(card_number, code)
    except ValidationFailed as error:
        problems += error.problems
    bill_fen, service = visit_terms_clean({"bill_fen": bill_fen, "service": service}, problems)
    if problems:
        raise ValidationFailed(problems)
    payload: dict[str, Any] = {
        "venue": venue_code,
        "card_number": card_number,
        "code": code,
        "service": service,
        "bill_fen": bill_fen,
    }
    swipe, _created = idempotent_create(
        actor=actor,
        operation="cards.visit.record",
        key=idempotency_key,
        payload=payload,
        model=Swipe,
        create=lambda: _record(actor, gate, card_number, code, bill_fen, service),
    )
    return swipe
