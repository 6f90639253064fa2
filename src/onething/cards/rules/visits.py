"""The card's desk scenes (pure): 医院就诊绿色通道, a priority service the card identifies the
honoree for at the hospital's desk, recorded and never charged; and 餐饮商圈优惠, a share off
the bill the cashier enters, paid to the merchant from the union's subsidy pool (a ledger
row, settled monthly like any operator's) or given at the merchant's own cost (recorded,
never settled). The discount's maths and what a visit costs whom."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

PRIORITY = "priority"  # BenefitKind.PRIORITY
BILL_DISCOUNT = "bill_discount"  # BenefitKind.BILL_DISCOUNT
DESK_KINDS = (PRIORITY, BILL_DISCOUNT)  # the benefits recorded at a desk
POOL, MERCHANT = "pool", "merchant"  # FundedBy
FUNDERS = (POOL, MERCHANT)
SERVICES = ("registration", "consultation", "examination", "escort")  # PriorityService
# The operators' kinds whose venues record visits (a service, a bill), not rides: their
# uses are counted as visits in the figures, and the generator leaves their desks alone.
VISIT_KINDS = ("hospital", "restaurant")
MAX_BILL_FEN = 10_000_000  # 100,000 yuan for one meal: anything above is a typing error


def discount(bill_fen: int, percent: int, cap_fen: int | None = None) -> int:
    """The discount on a bill: ``percent`` of it in whole fen (half up), at most
    ``cap_fen`` (the largest discount of one visit; None: no cap)."""
    share = Decimal(bill_fen) * Decimal(percent) / Decimal(100)
    fen = int(share.quantize(Decimal(1), ROUND_HALF_UP))
    return fen if cap_fen is None else min(fen, cap_fen)


def owed_by_union(discount_fen: int, funded_by: str) -> int:
    """What the union owes the merchant for a discount: all of it when the pool pays,
    nothing when the merchant gives it at its own cost."""
    return discount_fen if funded_by == POOL else 0


def charged(kind: str, funded_by: str) -> bool:
    """Does a use of a benefit of this kind write a ledger row (the union owes for it)? A
    priority service never; a dining discount only when the pool pays; the rest always."""
    if kind == PRIORITY:
        return False
    if kind == BILL_DISCOUNT:
        return funded_by == POOL
    return True


def visit_terms_clean(
    raw: Mapping[str, Any], problems: list[FieldProblem], prefix: str = ""
) -> tuple[int | None, str]:
    """A visit's ``bill_fen`` (a whole number of fen, 1 to 100,000 yuan) and ``service``
    (one of the green channel's services), both optional here; problems appended."""
    bill = raw.get("bill_fen")
    if bill is not None and (isinstance(bill, bool) or not isinstance(bill, int)):
        problems.append(
            FieldProblem(f"{prefix}bill_fen", "type", _("A whole number of fen is expected."))
        )
        bill = None
    elif bill is not None and not 1 <= bill <= MAX_BILL_FEN:
        problems.append(
            FieldProblem(
                f"{prefix}bill_fen",
                "range",
                _("A bill from 1 fen to %(n)s yuan.") % {"n": f"{MAX_BILL_FEN // 100:,}"},
            )
        )
        bill = None
    service = raw.get("service") or ""
    if not isinstance(service, str) or (service and service not in SERVICES):
        problems.append(
            FieldProblem(
                f"{prefix}service",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(SERVICES)},
            )
        )
        service = ""
    return bill, service
