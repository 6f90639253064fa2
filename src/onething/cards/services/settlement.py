"""结算: the monthly statement of one operator, approved by union finance, then paid.

Lifecycle (rules.settlement.SETTLEMENT_LIFECYCLE)::

    draft → approved → paid

- **prepare** (union staff): the statement of one operator for one month is every ledger
  row of that operator booked in the month (swipes and corrections), summed by venue and
  day (the day a row was booked). Only a month that is over (422 ``month_not_over``). One
  statement per operator and month (the constraint ``one_statement_per_month``): preparing
  the month again while its statement is a draft recomputes that draft; once approved or
  paid it never changes (409 ``already_settled``).
- **approve** (union staff — "union finance"; a separate finance role could be added to
  ``APPROVERS``): recomputes the statement once more and freezes those figures. It reduces
  nothing: the pool's available balance already counts every accrual.
- **pay** (union staff): records the payment and its reference.

Nothing settles twice: a ledger row is booked on the day it is recorded, so it falls in
exactly one month. A swipe an offline gate stored last month and uploaded today is booked
today: it is in this month's statement, never in last month's (approved) one. The months
of a ledger never change once over, so an approved statement stays true to the ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create

from ..models import Operator, Settlement, SettlementStatus
from ..rules.settlement import (
    DRAFT,
    SETTLEMENT_LIFECYCLE,
    Statement,
    next_month,
    statement,
)
from ..selectors.settlement import parse_month, statement_rows

PREPARERS = (Role.UNION_STAFF,)
APPROVERS = (Role.UNION_STAFF,)  # union finance
PAYERS = (Role.UNION_STAFF,)
REFERENCE_MAX = 60


class MonthNotOver(ValidationFailed):
    """A statement of a month that has not ended yet."""

    code = "month_not_over"


def _figures(settlement: Settlement) -> dict[str, Any]:
    return {
        "status": settlement.status,
        "swipes": settlement.swipes,
        "amount_fen": settlement.amount_fen,
    }


def compute(actor: Actor, operator: Operator, month: dt.date) -> Statement:
    """The statement of the ledger as it stands (rules.settlement.statement)."""
    return statement(statement_rows(actor, operator, month))


def _store(settlement: Settlement, figures: Statement) -> None:
    settlement.swipes = figures.swipes
    settlement.amount_fen = figures.amount_fen
    settlement.lines = figures.lines


def _check(settlement: Settlement, action: str) -> str:
    """The status ``action`` (approve, pay) leads the statement to, or 409."""
    return SETTLEMENT_LIFECYCLE.target(settlement.status, action)


def _settled(settlement: Settlement) -> Conflict:
    return Conflict(
        _(
            "The statement of %(operator)s for %(month)s is already %(status)s: "
            "it no longer changes."
        )
        % {
            "operator": settlement.operator.name,
            "month": settlement.month.strftime("%Y-%m"),
            "status": SettlementStatus(settlement.status).label,
        },
        code="already_settled",
        details={"settlement": settlement.pk, "status": settlement.status},
    )


def _operator_and_month(operator_code: str, month: Any) -> tuple[Operator, dt.date]:
    problems: list[FieldProblem] = []
    code = (operator_code or "").strip()
    operator = Operator.objects.filter(code=code).first() if code else None
    if not code:
        problems.append(FieldProblem("operator", "required", _("This field is required.")))
    elif operator is None:
        problems.append(
            FieldProblem("operator", "unknown", _("There is no operator %(c)s.") % {"c": code})
        )
    first = None
    try:
        first = parse_month(month)
    except ValidationFailed as error:
        problems += error.problems
    if problems:
        raise ValidationFailed(problems)
    if next_month(first) > clock.today():
        raise MonthNotOver(
            [
                FieldProblem(
                    "month",
                    "month_not_over",
                    _("%(month)s is not over yet: it can be settled from %(day)s.")
                    % {"month": first.strftime("%Y-%m"), "day": next_month(first).isoformat()},
                )
            ]
        )
    return operator, first


@transaction.atomic
def settlement_prepare(
    *,
    actor: Actor,
    operator_code: str,
    month: dt.date | str,
    idempotency_key: str | None = None,
) -> Settlement:
    """The statement of one operator for one month (``month``: a date in it or YYYY-MM).
    A draft of that month is recomputed (``settlement.recomputed`` is then True); an
    approved or paid one answers 409 ``already_settled``."""
    require_role(actor, *PREPARERS)
    operator, first = _operator_and_month(operator_code, month)
    settlement, _created = idempotent_create(
        actor=actor,
        operation="cards.settlement.prepare",
        key=idempotency_key,
        payload={"operator": operator.code, "month": first.isoformat()},
        model=Settlement,
        create=lambda: _prepare(actor, operator, first),
    )
    return settlement


def _prepare(actor: Actor, operator: Operator, month: dt.date) -> Settlement:
    existing = Settlement.objects.select_for_update().filter(operator=operator, month=month).first()
    if existing is not None and existing.status != DRAFT:
        raise _settled(existing)
    figures = compute(actor, operator, month)
    if existing is None:
        try:
            with transaction.atomic():
                settlement = Settlement.objects.create(
                    operator=operator,
                    month=month,
                    swipes=figures.swipes,
                    amount_fen=figures.amount_fen,
                    lines=figures.lines,
                    created_at=clock.now(),
                )
        except IntegrityError:  # prepared meanwhile by someone else: recompute theirs
            existing = Settlement.objects.select_for_update().get(operator=operator, month=month)
        else:
            settlement.recomputed = False
            audit_record(
                actor=actor,
                action="settlement.prepare",
                subject=settlement,
                after={"operator": operator.code, "month": month, **_figures(settlement)},
            )
            return settlement
    if existing.status != DRAFT:
        raise _settled(existing)
    before = _figures(existing)
    _store(existing, figures)
    existing.save(update_fields=["swipes", "amount_fen", "lines"])
    existing.recomputed = True
    audit_record(
        actor=actor,
        action="settlement.recompute",
        subject=existing,
        before=before,
        after=_figures(existing),
    )
    return existing


def _locked(actor: Actor, settlement_id: int) -> Settlement:
    return get_visible(
        actor,
        Settlement.objects.select_for_update().select_related("operator"),
        pk=settlement_id,
    )


@transaction.atomic
def settlement_approve(*, actor: Actor, settlement_id: int) -> Settlement:
    """draft → approved (union finance). The statement is recomputed from the ledger and
    those figures are frozen; a change since it was prepared is noted in the audit entry."""
    require_role(actor, *APPROVERS)
    settlement = _locked(actor, settlement_id)
    after = _check(settlement, "approve")
    before = _figures(settlement)
    # the month is over, so its ledger no longer grows; recomputing makes sure of it
    _store(settlement, compute(actor, settlement.operator, settlement.month))
    changed = (settlement.swipes, settlement.amount_fen) != (before["swipes"], before["amount_fen"])
    settlement.status = after
    settlement.approved_at = clock.now()
    settlement.approved_by_id = actor.user_id
    settlement.save(
        update_fields=["status", "swipes", "amount_fen", "lines", "approved_at", "approved_by"]
    )
    audit_record(
        actor=actor,
        action="settlement.approve",
        subject=settlement,
        before=before,
        after=_figures(settlement),
        note="recomputed: the ledger changed since the draft" if changed else "",
    )
    return settlement


@transaction.atomic
def settlement_pay(*, actor: Actor, settlement_id: int, payment_reference: str) -> Settlement:
    """approved → paid, with the payment's reference (a bank transfer number, a voucher)."""
    require_role(actor, *PAYERS)
    reference = (payment_reference or "").strip()
    if not reference:
        raise ValidationFailed.one("payment_reference", "required", _("This field is required."))
    if len(reference) > REFERENCE_MAX:
        raise ValidationFailed.one(
            "payment_reference",
            "max_length",
            _("At most %(n)s characters.") % {"n": REFERENCE_MAX},
        )
    settlement = _locked(actor, settlement_id)
    after = _check(settlement, "pay")
    before = _figures(settlement)
    settlement.status = after
    settlement.paid_at = clock.now()
    settlement.paid_by_id = actor.user_id
    settlement.payment_reference = reference
    settlement.save(update_fields=["status", "paid_at", "paid_by", "payment_reference"])
    audit_record(
        actor=actor,
        action="settlement.pay",
        subject=settlement,
        before=before,
        after={**_figures(settlement), "payment_reference": reference},
    )
    return settlement
