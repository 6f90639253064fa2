"""Operators (运营方), venues (场所), tariffs and benefits (礼遇): configuration, not code.
A new place (a hospital's green channel, a restaurant's discount) is an operator, a venue,
a tariff and a benefit saved here; the gates of that venue then answer by the same rules.

Union staff (or administrators, or the platform) save them; every save is checked first
(one ValidationFailed listing each field's problem), audited, and bumps the reference-data
cache the gates read the rules from (``selectors.venues.venue_rules``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, snapshot

from ..models import Benefit, BenefitKind, HonourLevel, Operator, OperatorKind, Tariff, Venue

CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_PRICE_FEN = 10_000_000  # 100,000 yuan for one use: anything above is a typing error
MAX_CAP = 32767
CONFIG_ROLES = (Role.UNION_STAFF, Role.ADMIN)
OPERATOR_FIELDS = ["code", "name", "kind"]
VENUE_FIELDS = ["code", "name", "operator"]
TARIFF_FIELDS = ["venue", "price_fen", "valid_from", "valid_to"]
BENEFIT_FIELDS = [
    "name",
    "venue",
    "levels",
    "kind",
    "discount_percent",
    "daily_cap",
    "monthly_cap",
    "voice_prompt",
    "valid_from",
    "valid_to",
]


# -- checks shared by the cards' money and configuration services --------------------------


def text_problem(field: str, value: Any, limit: int, required: bool = True) -> FieldProblem | None:
    if value is not None and not isinstance(value, str):
        return FieldProblem(field, "type", _("A text value is expected."))
    text = (value or "").strip()
    if required and not text:
        return FieldProblem(field, "required", _("This field is required."))
    if len(text) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def int_problem(
    field: str, value: Any, low: int, high: int, required: bool = True
) -> FieldProblem | None:
    """A whole number in [low, high] (a bool or a float is not one: money is integer fen)."""
    if value is None:
        return FieldProblem(field, "required", _("This field is required.")) if required else None
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldProblem(field, "type", _("A whole number is expected."))
    if value < low:
        return FieldProblem(field, "min", _("At least %(n)s.") % {"n": low})
    if value > high:
        return FieldProblem(field, "max", _("At most %(n)s.") % {"n": high})
    return None


def parse_date(
    field: str, value: Any, problems: list[FieldProblem], required: bool = True
) -> dt.date | None:
    """A date or its ISO text (YYYY-MM-DD); a problem is appended when it is neither."""
    if value is None or value == "":
        if required:
            problems.append(FieldProblem(field, "required", _("This field is required.")))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(FieldProblem(field, "type", _("A date (YYYY-MM-DD) is expected.")))
        return None


def _code_problem(field: str, value: Any) -> FieldProblem | None:
    problem = text_problem(field, value, 30)
    if problem is None and not CODE.match(value.strip()):
        return FieldProblem(
            field, "format", _("Lower-case letters, digits and dashes (e.g. wuxi-metro).")
        )
    return problem


def _raise_if(problems: list[FieldProblem | None]) -> None:
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)


def _period_problem(start: dt.date | None, end: dt.date | None) -> FieldProblem | None:
    if start and end and end < start:
        return FieldProblem("valid_to", "before_start", _("The end is before the start."))
    return None


def _overlaps(start: dt.date, end: dt.date | None, other_start: dt.date, other_end) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


# -- operators and venues ------------------------------------------------------------------


@transaction.atomic
def operator_save(*, actor: Actor, code: str, name: str, kind: str) -> Operator:
    """Create an operator, or rename / re-kind the one with this code."""
    require_role(actor, *CONFIG_ROLES)
    problems = [_code_problem("code", code), text_problem("name", name, 80)]
    if kind not in OperatorKind.values:
        problems.append(
            FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(OperatorKind)}
            )
        )
    _raise_if(problems)
    operator = Operator.objects.select_for_update().filter(code=code.strip()).first()
    before = snapshot(operator, OPERATOR_FIELDS) if operator else None
    operator = operator or Operator(code=code.strip())
    operator.name, operator.kind = name.strip(), kind
    operator.save()
    audit_record(
        actor=actor,
        action="operator.save",
        subject=operator,
        before=before,
        after=snapshot(operator, OPERATOR_FIELDS),
    )
    refdata.bump()
    return operator


@transaction.atomic
def venue_save(*, actor: Actor, code: str, name: str, operator_code: str) -> Venue:
    """Create a venue of an operator, or rename / move the one with this code (ledger rows
    written before keep the operator they were owed to)."""
    require_role(actor, *CONFIG_ROLES)
    problems = [
        _code_problem("code", code),
        text_problem("name", name, 80),
        text_problem("operator_code", operator_code, 30),
    ]
    operator = None
    if problems[-1] is None:
        operator = Operator.objects.filter(code=operator_code.strip()).first()
        if operator is None:
            problems.append(
                FieldProblem("operator_code", "unknown", _("There is no such operator."))
            )
    _raise_if(problems)
    venue = Venue.objects.select_for_update().filter(code=code.strip()).first()
    before = snapshot(venue, VENUE_FIELDS) if venue else None
    venue = venue or Venue(code=code.strip())
    venue.name, venue.operator = name.strip(), operator
    venue.save()
    audit_record(
        actor=actor,
        action="venue.save",
        subject=venue,
        before=before,
        after=snapshot(venue, VENUE_FIELDS),
    )
    refdata.bump()
    return venue


def _venue(venue_code: Any, problems: list[FieldProblem], lock: bool = False) -> Venue | None:
    problem = text_problem("venue_code", venue_code, 30)
    if problem:
        problems.append(problem)
        return None
    rows = Venue.objects.select_for_update() if lock else Venue.objects
    venue = rows.filter(code=venue_code.strip()).first()
    if venue is None:
        problems.append(FieldProblem("venue_code", "unknown", _("There is no such venue.")))
    return venue


def venue_by_code(venue_code: str) -> Venue:
    venue = Venue.objects.select_related("operator").filter(code=venue_code).first()
    if venue is None:
        raise NotFound(_("There is no such venue."), details={"venue_code": venue_code})
    return venue


# -- tariffs -------------------------------------------------------------------------------


@transaction.atomic
def tariff_set(
    *,
    actor: Actor,
    venue_code: str,
    price_fen: int,
    valid_from: dt.date | str,
    valid_to: dt.date | str | None = None,
) -> Tariff:
    """The price of one use of a venue (the subsidy owed per swipe), in fen, from a day.

    The periods of one venue never overlap (422 ``overlap``), with one convenience: an
    open-ended period that began before ``valid_from`` is closed the day before (setting a
    new price from a day is what staff mean). Ledger rows already written keep their
    amounts; a wrong one is put right by a correction."""
    require_role(actor, *CONFIG_ROLES)
    problems: list[FieldProblem] = []
    venue = _venue(venue_code, problems, lock=True)  # one tariff change per venue at a time
    problem = int_problem("price_fen", price_fen, 0, MAX_PRICE_FEN)
    if problem:
        problems.append(problem)
    start = parse_date("valid_from", valid_from, problems)
    end = parse_date("valid_to", valid_to, problems, required=False)
    _raise_if([*problems, _period_problem(start, end)])
    closing = None
    for other in Tariff.objects.filter(venue=venue).order_by("valid_from"):
        if not _overlaps(start, end, other.valid_from, other.valid_to):
            continue
        if other.valid_to is None and other.valid_from < start and closing is None:
            closing = other
            continue
        raise ValidationFailed.one(
            "valid_from",
            "overlap",
            _("The tariff of %(from)s–%(to)s already covers part of this period.")
            % {"from": other.valid_from, "to": other.valid_to or "…"},
        )
    if closing is not None:
        before = snapshot(closing, TARIFF_FIELDS)
        closing.valid_to = start - dt.timedelta(days=1)
        closing.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="tariff.close",
            subject=closing,
            before=before,
            after=snapshot(closing, TARIFF_FIELDS),
        )
    tariff = Tariff.objects.create(venue=venue, price_fen=price_fen, valid_from=start, valid_to=end)
    audit_record(
        actor=actor, action="tariff.set", subject=tariff, after=snapshot(tariff, TARIFF_FIELDS)
    )
    refdata.bump()
    return tariff


# -- benefits ------------------------------------------------------------------------------


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
) -> tuple[_BenefitInput, list[FieldProblem]]:
    problems: list[FieldProblem | None] = [
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
    caps_checked = not any(p and p.field.endswith("_cap") for p in problems)
    if caps_checked and daily_cap and monthly_cap and monthly_cap < daily_cap:
        problems.append(
            FieldProblem("monthly_cap", "below_daily", _("The monthly cap is below the daily cap."))
        )
    found = [p for p in problems if p]
    start = parse_date("valid_from", valid_from, found)
    end = parse_date("valid_to", valid_to, found, required=False)
    period = _period_problem(start, end)
    if period:
        found.append(period)
    return _BenefitInput(clean_levels, start, end), found


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
) -> Benefit:
    """A benefit of a venue: which honour levels get what there (a free ride or entry, or a
    discount: ``discount_percent`` is the union's share of the tariff), the optional daily
    and monthly caps, the voice prompt the gate speaks, and when it is in force. With
    ``benefit_id`` the benefit is changed instead (404 if there is none). Two benefits of
    one venue may not both serve one level on one day (422 ``overlap``): the gate must know
    which applies."""
    require_role(actor, *CONFIG_ROLES)
    problems: list[FieldProblem] = []
    venue = _venue(venue_code, problems, lock=True)
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
    )
    problems.extend(found)
    benefit = None
    if benefit_id is not None:
        benefit = Benefit.objects.select_for_update().filter(pk=benefit_id).first()
        if benefit is None:
            raise NotFound(_("There is no such benefit."), details={"benefit_id": benefit_id})
    _raise_if(problems)
    for other in Benefit.objects.filter(venue=venue).exclude(pk=benefit_id):
        shared = set(other.levels) & set(data.levels)
        if shared and _overlaps(data.start, data.end, other.valid_from, other.valid_to):
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
        discount_percent,
        daily_cap,
        monthly_cap,
    )
    benefit.voice_prompt = voice_prompt.strip()
    benefit.valid_from, benefit.valid_to = data.start, data.end
    benefit.save()
    audit_record(
        actor=actor,
        action="benefit.save",
        subject=benefit,
        before=before,
        after=snapshot(benefit, BENEFIT_FIELDS),
    )
    refdata.bump()
    return benefit
