"""Reads of a venue's desk (服务台): which desk the caller is, who the presented card or code
names and what the venue's benefit gives them today, and the visits the desk recorded.

A desk is a gate (``Gate``) of the venue whose account (role ``gate``) the counter's staff
sign in with: the hospital's desk of the green channel (医院就诊绿色通道), a restaurant's till
(餐饮商圈优惠). The honoree is identified by the card's number (12 printed digits, or the 16
of the 太湖交通卡 the card is bound to) or by the personal code, checked by the one code
check the gates use (``certificates.code_verify``); the desk sees the holder's name masked
and the honour level, never an ID number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, NotFound, PermissionDenied, ValidationFailed
from onething.core.identity import mask_name
from onething.core.permissions import Actor, visible

from ..models import BenefitKind, FundedBy, HonourCard, HonourLevel, PriorityService, Swipe, Venue
from ..rules.benefits import admit, benefit_for
from ..rules.numbers import compact
from ..rules.visits import BILL_DISCOUNT, PRIORITY, discount, owed_by_union, visit_terms_clean
from .certificates import code_verify
from .ledger import reason_text, uses_on
from .venues import GateInfo, gate_of, venue_rules


def desk_of(actor: Actor, venue_code: str) -> GateInfo:
    """The desk (gate) the actor signs in as, at the venue ``venue_code``: 403 for any role
    but a gate's and for a desk of another venue (``other_venue``), 404 for no such venue."""
    gate = gate_of(actor)
    venue_id = (
        Venue.objects.filter(code=str(venue_code or "").strip())
        .values_list("id", flat=True)
        .first()
    )
    if venue_id is None:
        raise NotFound(_("There is no such venue."), details={"venue_code": venue_code})
    if venue_id != gate.venue_id:
        raise PermissionDenied(
            _("This desk serves another venue: it records visits at its own venue only."),
            code="other_venue",
        )
    return gate


def desk_venue(actor: Actor) -> Venue:
    """The venue of the calling desk, with its operator."""
    gate = gate_of(actor)
    return Venue.objects.select_related("operator").get(pk=gate.venue_id)


CARD_LENGTHS = (12, 16)  # a card's printed number, the 太湖交通卡 number (services.cards)
MAX_CODE = 1000


def credential_clean(card_number: Any, code: Any) -> tuple[str, str]:
    """The card number (spaces and dashes dropped) or the code, exactly one: 422 naming
    ``card_number`` or ``code`` otherwise."""
    number = compact(card_number) if isinstance(card_number, str | int) else ""
    text = code.strip() if isinstance(code, str) else ""
    if code is not None and not isinstance(code, str):
        raise ValidationFailed.one("code", "type", _("A text value is expected."))
    if bool(number) == bool(text):
        raise ValidationFailed.one(
            "card_number", "one_of", _("Send either a card number or a scanned code (exactly one).")
        )
    if number and not (number.isascii() and number.isdigit() and len(number) in CARD_LENGTHS):
        raise ValidationFailed(
            [
                FieldProblem(
                    "card_number",
                    "format",
                    _("A transit card number has 16 digits, an honour card number 12."),
                )
            ]
        )
    if len(text) > MAX_CODE:
        raise ValidationFailed.one(
            "code", "max_length", _("At most %(n)s characters.") % {"n": MAX_CODE}
        )
    return number, text


def _holder(card_number: str, code: str, now: dt.datetime) -> dict[str, Any]:
    """Who the card or code names: ``card``, ``honoree`` (or None) and a code's ``verdict``.
    An unknown card number → 404."""
    if card_number:
        card = (
            HonourCard.objects.select_related("honoree__person")
            .filter(Q(transit_number=card_number) | Q(number=card_number))
            .first()
        )
        if card is None:
            raise NotFound(
                _("There is no honour card with this number."), details={"field": "card_number"}
            )
        return {"card": card, "honoree": card.honoree, "verdict": "ok"}
    check = code_verify(code, now)
    return {"card": None, "honoree": check.honoree, "verdict": check.reason}


def _benefit_terms(benefit) -> dict[str, Any]:
    return {
        "id": benefit.id,
        "kind": benefit.kind,
        "kind_label": str(BenefitKind(benefit.kind).label),
        "discount_percent": benefit.discount_percent,
        "visit_cap_fen": benefit.visit_cap_fen,
        "funded_by": benefit.funded_by if benefit.kind == BILL_DISCOUNT else "",
        "funded_by_label": funded_by_label(benefit.funded_by)
        if benefit.kind == BILL_DISCOUNT
        else "",
        "daily_cap": benefit.daily_cap,
        "monthly_cap": benefit.monthly_cap,
    }


def desk_identify(
    actor: Actor,
    *,
    venue_code: str,
    card_number: str | None = None,
    code: str | None = None,
    bill_fen: int | None = None,
) -> dict[str, Any]:
    """What the desk sees when a card or code is presented: the holder masked and their
    level, the benefit that applies here today (its kind, percent, cap, who pays), the uses
    counted against its caps, and whether a visit would be allowed now (``allowed``,
    ``reason``, ``reason_text``). With ``bill_fen`` at a dining offer: the ``discount_fen``
    it gives and what the union would owe (``owed_fen``). Nothing is written."""
    gate = desk_of(actor, venue_code)
    problems: list[FieldProblem] = []
    try:
        card_number, code = credential_clean(card_number, code)
    except ValidationFailed as error:
        problems += error.problems
    bill_fen, _service = visit_terms_clean({"bill_fen": bill_fen}, problems)
    if problems:  # every problem at once
        raise ValidationFailed(problems)
    now = clock.now()
    found = _holder(card_number, code, now)
    card, honoree, verdict = found["card"], found["honoree"], found["verdict"]
    if verdict == "malformed":  # not an honour certificate's code at all
        raise ValidationFailed.one("code", "format", reason_text("malformed"))
    answer: dict[str, Any] = {
        "presented": "card" if card_number else "code",
        "card_number": card.number if card else "",
        "holder": mask_name(honoree.person.name) if honoree else "",
        "level": honoree.level if honoree else "",
        "level_label": str(HonourLevel(honoree.level).label) if honoree else "",
        "benefit": None,
        "uses_today": 0,
        "uses_month": 0,
        "services": [],
        "bill_fen": None,
        "discount_fen": None,
        "pays_fen": None,
        "owed_fen": None,
    }
    if verdict != "ok" or honoree is None:
        reason = verdict if verdict != "ok" else "honoree_unknown"
        return answer | {"allowed": False, "reason": reason, "reason_text": reason_text(reason)}
    rules = venue_rules(gate.venue_id)
    day = timezone.localdate(now)
    benefit = benefit_for(rules.benefits, honoree.level, day)
    if benefit and (benefit.daily_cap or benefit.monthly_cap):
        answer["uses_today"], answer["uses_month"] = uses_on(
            honoree.pk, gate.venue_id, day, bool(benefit.daily_cap), bool(benefit.monthly_cap)
        )
    applies, refused = admit(
        card_status=card.status if card else None,
        honoree_status=honoree.status,
        level=honoree.level,
        benefits=rules.benefits,
        at=now,
        now=now,
        local_day=day,
        uses_today=answer["uses_today"],
        uses_month=answer["uses_month"],
    )
    if benefit is not None:
        answer["benefit"] = _benefit_terms(benefit)
        if benefit.kind == PRIORITY:
            answer["services"] = [{"code": c, "label": str(n)} for c, n in PriorityService.choices]
    if applies is not None and applies.kind == BILL_DISCOUNT and bill_fen is not None:
        off = discount(bill_fen, applies.discount_percent, applies.visit_cap_fen)
        answer |= {
            "bill_fen": bill_fen,
            "discount_fen": off,
            "pays_fen": bill_fen - off,
            "owed_fen": owed_by_union(off, applies.funded_by),
        }
    reason = refused.reason if refused else "ok"
    return answer | {
        "allowed": refused is None,
        "reason": reason,
        "reason_text": reason_text(reason),
    }


def desk_visits(
    actor: Actor, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Swipe]:
    """The visits (allowed swipes) the calling desk recorded, newest first; the dates are
    local days, inclusive."""
    gate = gate_of(actor)
    rows = visible(actor, Swipe.objects.select_related("venue", "honoree__person", "card")).filter(
        gate_id=gate.id, allowed=True
    )
    if date_from:
        rows = rows.filter(at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return rows.order_by("-at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def service_label(code: str) -> str:
    return str(PriorityService(code).label) if code in PriorityService.values else ""


def funded_by_label(code: str) -> str:
    return str(FundedBy(code).label) if code in FundedBy.values else ""
