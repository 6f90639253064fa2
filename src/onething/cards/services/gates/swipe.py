"""One swipe: checked, decided by ``rules.benefits.decide``, stored once per
(gate, swipe id), and its ledger row written when allowed and charged (see the package's
doc): a priority service (医院就诊绿色通道) and a dining discount at the merchant's cost are
recorded and counted, never owed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.permissions import Actor

from ...models import Honoree, HonourCard, Swipe
from ...rules.benefits import FUTURE_TOLERANCE, Decision, benefit_for, decide, deny
from ...rules.numbers import compact
from ...rules.visits import BILL_DISCOUNT, PRIORITY, visit_terms_clean
from ...selectors.certificates import code_verify
from ...selectors.ledger import uses_on
from ...selectors.venues import GateInfo, VenueRules, gate_of, venue_rules
from ..cards import CARD_DIGITS, TRANSIT_DIGITS
from . import statements

ONLINE_MAX_AGE = dt.timedelta(days=7)
OFFLINE_MAX_AGE = dt.timedelta(days=90)
MAX_CODE = 1000
SWIPE_ID = re.compile(r"^[\x21-\x7e]{1,64}$")  # printable ASCII, no spaces


@dataclasses.dataclass(frozen=True)
class SwipeRequest:
    swipe_id: str
    card_number: str
    code: str
    at: dt.datetime
    bill_fen: int | None = None  # the bill a cashier entered (a dining offer)
    service: str = ""  # the green channel's service (PriorityService)

    @property
    def kind(self) -> str:
        return "card" if self.card_number else "code"

    @property
    def credential(self) -> tuple[str, str]:
        return self.kind, self.card_number or self.code


@dataclasses.dataclass
class Presented:
    """What the presented card or code resolved to."""

    kind: str  # card | code
    card: HonourCard | None = None
    honoree: Honoree | None = None
    verdict: str = "ok"  # a code's verdict

    def same_as(self, swipe: Swipe) -> bool:
        """Is this what the stored swipe was made with (the same card, the same holder)?"""
        if swipe.presented != self.kind:
            return False
        if self.kind == "card":
            return swipe.card_id == (self.card.pk if self.card else None)
        return swipe.honoree_id == (self.honoree.pk if self.honoree else None)


def _at(value: Any, field: str, problems: list[FieldProblem]) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        problems.append(FieldProblem(field, "type", _("A date and time (ISO 8601) is expected.")))
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def swipe_clean(
    raw: Mapping[str, Any], *, now: dt.datetime, offline: bool, prefix: str = ""
) -> tuple[SwipeRequest | None, list[FieldProblem]]:
    """One swipe as a gate sent it, checked: field names carry ``prefix`` (``swipes.3.``)."""
    problems: list[FieldProblem] = []
    swipe_id = raw.get("swipe_id")
    if swipe_id is None or swipe_id == "":
        problems.append(FieldProblem(f"{prefix}swipe_id", "required", _("This field is required.")))
    elif not isinstance(swipe_id, str):
        problems.append(FieldProblem(f"{prefix}swipe_id", "type", _("A text value is expected.")))
    elif not SWIPE_ID.match(swipe_id):
        problems.append(
            FieldProblem(
                f"{prefix}swipe_id",
                "format",
                _("1 to 64 printable ASCII characters without spaces."),
            )
        )
    card_number = compact(raw.get("card_number"))
    code = raw.get("code") or ""
    if not isinstance(code, str):
        problems.append(FieldProblem(f"{prefix}code", "type", _("A text value is expected.")))
        code = ""
    code = code.strip()
    if bool(card_number) == bool(code):
        problems.append(
            FieldProblem(
                f"{prefix}card_number",
                "one_of",
                _("Send either a card number or a scanned code (exactly one)."),
            )
        )
    elif card_number and not (
        card_number.isascii()
        and card_number.isdigit()
        and len(card_number) in (CARD_DIGITS, TRANSIT_DIGITS)
    ):
        problems.append(
            FieldProblem(
                f"{prefix}card_number",
                "format",
                _("A transit card number has 16 digits, an honour card number 12."),
            )
        )
    elif len(code) > MAX_CODE:
        problems.append(
            FieldProblem(
                f"{prefix}code", "max_length", _("At most %(n)s characters.") % {"n": MAX_CODE}
            )
        )
    at = _at(raw.get("at"), f"{prefix}at", problems)
    bill_fen, service = visit_terms_clean(raw, problems, prefix)
    limit = OFFLINE_MAX_AGE if offline else ONLINE_MAX_AGE
    if at is not None and at < now - limit:
        problems.append(
            FieldProblem(
                f"{prefix}at",
                "too_old",
                _("A swipe older than %(days)s days is not accepted here.") % {"days": limit.days},
            )
        )
    if problems:
        return None, problems
    return SwipeRequest(swipe_id, card_number, code, at, bill_fen, service), []


def present_code(req: SwipeRequest, now: dt.datetime) -> Presented:
    check = code_verify(req.code, min(req.at, now))
    return Presented("code", honoree=check.honoree, verdict=check.reason)


def _present(req: SwipeRequest, now: dt.datetime, *, lock: bool) -> Presented:
    """Resolve the card or code; with ``lock``, lock the honoree's row (FOR UPDATE, in the
    caller's transaction): swipes of one person are decided one after the other, each
    counting the ones before."""
    if req.kind == "card":
        card = statements.card_of(req.card_number, lock=lock)
        return Presented("card", card=card, honoree=card.honoree if card else None)
    presented = present_code(req, now)
    if presented.verdict == "ok" and lock:
        presented.honoree = Honoree.objects.select_for_update().get(pk=presented.honoree.pk)
    return presented


def decide_swipe(
    gate: GateInfo,
    req: SwipeRequest,
    presented: Presented,
    now: dt.datetime,
    rules: VenueRules | None = None,
) -> Decision:
    """The answer for this swipe at this gate (caps counted under the caller's lock), by
    the venue's ``rules`` (read from the cache when not given)."""
    if req.at > now + FUTURE_TOLERANCE:
        return deny("future_time")
    if presented.kind == "card" and presented.card is None:
        return deny("unknown_card")
    if presented.kind == "code" and presented.verdict != "ok":
        return deny(presented.verdict)
    honoree = presented.honoree
    card_status = presented.card.status if presented.card else None
    rules = rules or venue_rules(gate.venue_id)
    day = timezone.localdate(req.at)
    uses_today = uses_month = 0
    benefit = benefit_for(rules.benefits, honoree.level, day)
    in_good_standing = card_status in (None, "active") and honoree.status == "active"
    if benefit and in_good_standing and (benefit.daily_cap or benefit.monthly_cap):
        uses_today, uses_month = uses_on(
            honoree.pk, gate.venue_id, day, bool(benefit.daily_cap), bool(benefit.monthly_cap)
        )
    return decide(
        card_status=card_status,
        honoree_status=honoree.status,
        level=honoree.level,
        benefits=rules.benefits,
        at=req.at,
        now=now,
        local_day=day,
        uses_today=uses_today,
        uses_month=uses_month,
        price_fen=rules.price_on(day),
        bill_fen=req.bill_fen,
    )


def _replay(stored: Swipe, presented: Presented) -> Swipe:
    if not presented.same_as(stored):
        raise Conflict(
            _("This swipe id was already used by this gate for another card or code."),
            code="swipe_id_reused",
            details={"swipe_id": stored.swipe_id},
        )
    return stored


def store_swipe(
    gate: GateInfo,
    req: SwipeRequest,
    presented: Presented,
    decision: Decision,
    now: dt.datetime,
    offline: bool,
) -> Swipe:
    """Store the swipe once per (gate, swipe id) and, when allowed, its one ledger row,
    booked on the day it is recorded; a swipe id stored already gives the stored swipe."""
    values = {
        "gate_id": gate.id,
        "swipe_id": req.swipe_id,
        "venue_id": gate.venue_id,
        "card_id": presented.card.pk if presented.card else None,
        "honoree_id": presented.honoree.pk if presented.honoree else None,
        "presented": presented.kind,
        "at": req.at,
        "received_at": now,
        "offline": offline,
        "allowed": decision.allowed,
        "reason": decision.reason,
        "voice": decision.voice,
        "amount_fen": decision.amount_fen,
        "service": req.service if decision.allowed and decision.kind == PRIORITY else "",
        "bill_fen": req.bill_fen if decision.allowed and decision.kind == BILL_DISCOUNT else None,
        "discount_fen": decision.discount_fen if decision.allowed else 0,
        "funded_by": decision.funded_by if decision.allowed else "",
    }
    ledger = None
    if decision.allowed and decision.charged:
        ledger = {
            "operator_id": gate.operator_id,
            "venue_id": gate.venue_id,
            "corrects_id": None,
            "amount_fen": decision.amount_fen,
            "swiped_at": req.at,
            "booked_on": timezone.localdate(now),
            "note": "",
        }
    pk = statements.insert_once(values, ledger, counted=decision.allowed)
    if pk is None:  # stored already (a retry, perhaps racing the first): no ledger row
        return _replay(Swipe.objects.get(gate_id=gate.id, swipe_id=req.swipe_id), presented)
    swipe = Swipe(pk=pk, **values)
    swipe._state.adding, swipe._state.db = False, connection.alias
    return swipe


def capped(rules: VenueRules) -> bool:
    """Does any benefit of the venue have a cap (then swipes are counted under a lock)?"""
    return any(b.daily_cap or b.monthly_cap for b in rules.benefits)


@transaction.atomic
def _authorize_locked(
    gate: GateInfo, req: SwipeRequest, rules: VenueRules, now: dt.datetime, offline: bool
) -> Swipe:
    presented = _present(req, now, lock=True)
    decision = decide_swipe(gate, req, presented, now, rules)
    return store_swipe(gate, req, presented, decision, now, offline)


def swipe_authorize(
    *,
    gate_actor: Actor,
    swipe_id: str,
    card_number: str | None = None,
    code: str | None = None,
    at: dt.datetime | str,
    offline: bool = False,
    bill_fen: int | None = None,
    service: str | None = None,
) -> Swipe:
    """The gate's question, answered and stored: a Swipe with ``allowed``, ``reason``,
    ``voice`` and ``amount_fen``. The gate is the one whose account ``gate_actor`` is (403
    for any other role). 422 for malformed input, 409 for a swipe id reused with another
    card; every other outcome is an answer (a deny has a reason: see the module's doc).
    At a dining offer's venue the gate (a till) sends ``bill_fen``, the bill (without it:
    denied ``bill_required``); at the green channel it may name the ``service`` given.

    At a venue with a capped benefit the honoree is locked and the caps are counted in one
    transaction. Elsewhere nothing is counted, so nothing is locked: the card is read and
    the swipe written with its ledger row by ``statements.insert_once``, which is atomic
    on its own (one statement on PostgreSQL, a transaction elsewhere). A card blocked
    meanwhile is then seen by the next swipe, as if this one had come a moment earlier."""
    gate = gate_of(gate_actor)
    now = clock.now()
    raw = {
        "swipe_id": swipe_id,
        "card_number": card_number,
        "code": code,
        "at": at,
        "bill_fen": bill_fen,
        "service": service,
    }
    req, problems = swipe_clean(raw, now=now, offline=offline)
    if problems:
        raise ValidationFailed(problems)
    # No look-up first: a retry is rare, and the insert finds it (then the stored answer
    # is returned, whatever this attempt decided).
    rules = venue_rules(gate.venue_id)
    if capped(rules):
        return _authorize_locked(gate, req, rules, now, offline)
    presented = _present(req, now, lock=False)
    decision = decide_swipe(gate, req, presented, now, rules)
    return store_swipe(gate, req, presented, decision, now, offline)
