"""Benefits (礼遇): which honour levels get what at a venue, with caps and a voice prompt:
a free ride or entry, a share of the tariff, a priority service (医院就诊绿色通道, never
charged) or a discount on the bill (餐饮商圈优惠: paid by the union's pool or by the
merchant, ``funded_by``, with an optional largest discount per visit)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import snapshot

from ...models import Benefit, BenefitKind, FundedBy, HonourLevel
from .common import (
    CONFIG_ROLES,
    MAX_CAP,
    MAX_PRICE_FEN,
    int_problem,
    parse_date,
    period_problem,
    periods_overlap,
    raise_if,
    save_audited,
    text_problem,
    venue_for_write,
)

BENEFIT_FIELDS = [
    "name",
    "venue",
    "levels",
    "kind",
    "discount_percent",
    "funded_by",
    "visit_cap_fen",
    "daily_cap",
    "monthly_cap",
    "voice_prompt",
    "valid_from",
    "valid_to",
]


@dataclasses.dataclass
class _BenefitInput:
    levels: list[str]
    start: dt.date | None
    end: dt.date | None


def _benefit_problems(
    *,
    name: Any,
    levels: Any,
    kind: Any,
    discount_percent: Any,
    daily_cap: Any,
    monthly_cap: Any,
    voice_prompt: Any,
    valid_from: Any,
    valid_to: Any,
    funded_by: Any = FundedBy.POOL,
    visit_cap_fen: Any = None,
) -> tuple[_BenefitInput, list[FieldProblem]]:
    problems: list[FieldProblem | None] = [
        *_dining_problems(kind, funded_by, visit_cap_fen),
        text_problem("name", name, 80),
        text_problem("voice_prompt", voice_prompt, 40),
        int_problem("daily_cap", daily_cap, 1, MAX_CAP, required=False),
        int_problem("monthly_cap", monthly_cap, 1, MAX_CAP, required=False),
    ]
    clean_levels: list[str] = []
    if not isinstance(levels, list | tuple) or not levels:
        problems.append(FieldProblem("levels", "required", _("Name at least one honour level.")))
    else:
        for level in levels:
            if level not in HonourLevel.values:
                problems.append(
                    FieldProblem(
                        "levels",
                        "choice",
                        _("Choose from: %(c)s.") % {"c": ", ".join(HonourLevel.values)},
                    )
                )
                break
            if level not in clean_levels:
                clean_levels.append(level)
    if kind not in BenefitKind.values:
        problems.append(
            FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(BenefitKind)}
            )
        )
    percent = int_problem("discount_percent", discount_percent, 0, 100)
    problems.append(percent)
    if percent is None and kind in (BenefitKind.FREE_RIDE, BenefitKind.FREE_ENTRY):
        if discount_percent != 100:
            problems.append(
                FieldProblem(
                    "discount_percent",
                    "free_is_100",
                    _("A free ride or entry is paid in full by the union (100)."),
                )
            )
    elif percent is None and kind == BenefitKind.DISCOUNT and discount_percent in (0, 100):
        problems.append(
            FieldProblem(
                "discount_percent",
                "discount_range",
                _("A discount is the union's share of the price: between 1 and 99."),
            )
        )
    elif percent is None and kind == BenefitKind.BILL_DISCOUNT and discount_percent in (0, 100):
        problems.append(
            FieldProblem(
                "discount_percent",
                "discount_range",
                _("A dining offer takes a share off the bill: between 1 and 99 (%)."),
            )
        )
    caps_checked = not any(p and p.field.endswith("_cap") for p in problems)
    if caps_checked and daily_cap and monthly_cap and monthly_cap < daily_cap:
        problems.append(
            FieldProblem("monthly_cap", "below_daily", _("The monthly cap is below the daily cap."))
        )
    found = [p for p in problems if p]
    start = parse_date("valid_from", valid_from, found)
    end = parse_date("valid_to", valid_to, found, required=False)
    period = period_problem(start, end)
    if period:
        found.append(period)
    return _BenefitInput(clean_levels, start, end), found


def _dining_problems(kind: Any, funded_by: Any, visit_cap_fen: Any) -> list[FieldProblem | None]:
    """Who pays and the cap per visit: a dining offer's terms (pool by default; another kind
    is always the pool's, and has no cap per visit)."""
    problems: list[FieldProblem | None] = [
        int_problem("visit_cap_fen", visit_cap_fen, 1, MAX_PRICE_FEN, required=False)
    ]
    if funded_by not in FundedBy.values:
        problems.append(
            FieldProblem(
                "funded_by", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(FundedBy)}
            )
        )
    elif funded_by == FundedBy.MERCHANT and kind != BenefitKind.BILL_DISCOUNT:
        problems.append(
            FieldProblem(
                "funded_by",
                "merchant_only_dining",
                _("Only a discount on the bill (a dining offer) can be at the merchant's cost."),
            )
        )
    if visit_cap_fen is not None and kind != BenefitKind.BILL_DISCOUNT:
        problems.append(
            FieldProblem(
                "visit_cap_fen",
                "dining_only",
                _("A largest discount per visit belongs to a discount on the bill."),
            )
        )
    return problems


@transaction.atomic
def benefit_save(
    *,
    actor: Actor,
    name: str,
    venue_code: str,
    levels: list[str],
    kind: str,
    discount_percent: int = 100,
    daily_cap: int | None = None,
    monthly_cap: int | None = None,
    voice_prompt: str = "关爱卡",
    valid_from: dt.date | str,
    valid_to: dt.date | str | None = None,
    benefit_id: int | None = None,
    funded_by: str = FundedBy.POOL,
    visit_cap_fen: int | None = None,
) -> Benefit:
    """A benefit of a venue: which honour levels get what there (a free ride or entry, or a
    discount: ``discount_percent`` is the union's share of the tariff), the optional daily
    and monthly caps, the voice prompt the gate speaks, and when it is in force. With
    ``benefit_id`` the benefit is changed instead (404 if there is none). Two benefits of
    one venue may not both serve one level on one day (422 ``overlap``): the gate must know
    which applies.

    ``priority`` (the hospital's green channel) needs no tariff and is never charged (its
    ``discount_percent`` is stored as 0). ``bill_discount`` (a dining offer):
    ``discount_percent`` (1–99) off the bill the cashier enters, at most ``visit_cap_fen``
    a visit, paid by ``funded_by``: ``pool`` (the union owes it to the merchant, settled
    monthly) or ``merchant`` (its own cost: recorded, never settled)."""
    require_role(actor, *CONFIG_ROLES)
    problems: list[FieldProblem] = []
    venue = venue_for_write(venue_code, problems, lock=True)
    data, found = _benefit_problems(
        name=name,
        levels=levels,
        kind=kind,
        discount_percent=discount_percent,
        daily_cap=daily_cap,
        monthly_cap=monthly_cap,
        voice_prompt=voice_prompt,
        valid_from=valid_from,
        valid_to=valid_to,
        funded_by=funded_by,
        visit_cap_fen=visit_cap_fen,
    )
    problems.extend(found)
    benefit = None
    if benefit_id is not None:
        benefit = Benefit.objects.select_for_update().filter(pk=benefit_id).first()
        if benefit is None:
            raise NotFound(_("There is no such benefit."), details={"benefit_id": benefit_id})
    raise_if(problems)
    for other in Benefit.objects.filter(venue=venue).exclude(pk=benefit_id):
        shared = set(other.levels) & set(data.levels)
        if shared and periods_overlap(data.start, data.end, other.valid_from, other.valid_to):
            raise ValidationFailed.one(
                "levels",
                "overlap",
                _("The benefit “%(name)s” already serves %(levels)s at this venue then.")
                % {"name": other.name, "levels": ", ".join(sorted(shared))},
            )
    before = snapshot(benefit, BENEFIT_FIELDS) if benefit else None
    benefit = benefit or Benefit()
    benefit.name, benefit.venue, benefit.levels, benefit.kind = (
        name.strip(),
        venue,
        data.levels,
        kind,
    )
    benefit.discount_percent, benefit.daily_cap, benefit.monthly_cap = (
        0 if kind == BenefitKind.PRIORITY else discount_percent,
        daily_cap,
        monthly_cap,
    )
    benefit.funded_by, benefit.visit_cap_fen = funded_by, visit_cap_fen
    benefit.voice_prompt = voice_prompt.strip()
    benefit.valid_from, benefit.valid_to = data.start, data.end
    return save_audited(actor, benefit, "benefit.save", BENEFIT_FIELDS, before)
