"""Pure rules of appeals: no ORM. State transitions, time limits and deadline states,
routing, follow-up outcomes, policy matching, the city's bounds, masking for the public
board and the figures' rates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import InvalidTransition

# ---------------------------------------------------------------- lifecycle

# (status, action) → the status after it. 受理 → 派单 → 办理 → 回复 → 回访 → 办结.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("received", "dispatch"): "dispatched",
    ("returned", "dispatch"): "dispatched",
    ("dispatched", "redispatch"): "dispatched",
    ("handling", "redispatch"): "dispatched",
    ("dispatched", "accept"): "handling",
    ("dispatched", "return"): "returned",
    ("handling", "return"): "returned",
    ("dispatched", "reply"): "replied",
    ("handling", "reply"): "replied",
    ("replied", "close"): "closed",
    ("replied", "reopen"): "handling",
    ("dispatched", "extend"): "dispatched",
    ("handling", "extend"): "handling",
}

ACTION_LABELS = {
    "dispatch": gettext_lazy("dispatch"),
    "redispatch": gettext_lazy("redispatch"),
    "accept": gettext_lazy("accept"),
    "return": gettext_lazy("return to the dispatcher"),
    "reply": gettext_lazy("reply"),
    "close": gettext_lazy("close"),
    "reopen": gettext_lazy("reopen"),
    "extend": gettext_lazy("extend the time limit"),
}
STATUS_LABELS = {
    "received": gettext_lazy("Taken in"),
    "dispatched": gettext_lazy("Dispatched"),
    "returned": gettext_lazy("Returned to dispatcher"),
    "handling": gettext_lazy("Being handled"),
    "replied": gettext_lazy("Replied"),
    "closed": gettext_lazy("Closed"),
}
OPEN_STATUSES = ("received", "dispatched", "returned", "handling")


def next_status(status: str, action: str) -> str:
    """The status after ``action``, or InvalidTransition (409) naming both."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            _("An appeal that is %(status)s cannot be given the action “%(action)s”.")
            % {
                "status": str(STATUS_LABELS.get(status, status)).lower(),
                "action": ACTION_LABELS.get(action, action),
            },
            details={"status": status, "action": action},
        ) from None


def allowed_actions(status: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == status]


# ---------------------------------------------------------------- time limits

# Working days to reply by (type, urgency); 0 = the same (working) day.
DEFAULT_LIMITS: dict[tuple[str, str], int] = {
    ("demand", "normal"): 13,
    ("complaint", "normal"): 13,
    ("suggestion", "normal"): 13,
    ("inquiry", "normal"): 3,
    ("demand", "urgent"): 0,
    ("complaint", "urgent"): 0,
    ("suggestion", "urgent"): 0,
    ("inquiry", "urgent"): 0,
}
DEFAULT_WARNING_DAYS = 1
MAX_EXTENSION_DAYS = 30


def limit_days(
    type_: str, urgency: str, configured: dict[tuple[str, str], int] | None = None
) -> int:
    if configured and (type_, urgency) in configured:
        return configured[(type_, urgency)]
    return DEFAULT_LIMITS[(type_, urgency)]


def deadline_state(
    *,
    due: dt.date,
    today: dt.date,
    days_left: int,
    warning_days: int,
    answered: bool,
) -> str:
    """``answered`` (replied or closed), ``overdue`` (past the due date), ``warning`` (the due
    day itself, or at most ``warning_days`` working days after today up to it) or
    ``on_track``. ``days_left`` counts the working days after today up to the due date."""
    if answered:
        return "answered"
    if today > due:
        return "overdue"
    if today == due or days_left <= warning_days:
        return "warning"
    return "on_track"


# ---------------------------------------------------------------- routing


@dataclass(frozen=True)
class RuleSpec:
    """A routing rule as plain data: empty conditions match anything."""

    id: int
    department_id: int
    category_path: str = ""
    region_path: str = ""
    keywords: tuple[str, ...] = ()
    enterprise_id: int | None = None
    person_id: int | None = None


@dataclass(frozen=True)
class AppealFacts:
    category_path: str
    region_path: str
    text: str
    enterprise_id: int | None = None
    person_id: int | None = None


def split_keywords(text: str) -> tuple[str, ...]:
    parts = re.split(r"[,，、;；\s]+", text or "")
    return tuple(p for p in (part.strip() for part in parts) if p)


def rule_matches(rule: RuleSpec, facts: AppealFacts) -> bool:
    if rule.category_path and not facts.category_path.startswith(rule.category_path):
        return False
    if rule.region_path and not facts.region_path.startswith(rule.region_path):
        return False
    text = facts.text.casefold()
    if rule.keywords and not any(k.casefold() in text for k in rule.keywords):
        return False
    if rule.enterprise_id is not None and rule.enterprise_id != facts.enterprise_id:
        return False
    return rule.person_id is None or rule.person_id == facts.person_id


def route(rules: Iterable[RuleSpec], facts: AppealFacts) -> RuleSpec | None:
    """The first rule (in the order given) that matches, or None (the dispatcher decides)."""
    return next((rule for rule in rules if rule_matches(rule, facts)), None)


# ---------------------------------------------------------------- follow-up

RATINGS = {
    5: gettext_lazy("Very satisfied"),  # 非常满意
    4: gettext_lazy("Satisfied"),  # 满意
    3: gettext_lazy("Basically satisfied"),  # 基本满意
    2: gettext_lazy("Unsatisfied"),  # 不满意
    1: gettext_lazy("Very unsatisfied"),  # 非常不满意
}
SATISFIED_MIN = 3  # 非常满意, 满意 and 基本满意 count as satisfied
MAX_ROUNDS = 2  # an unsatisfied rating reopens an appeal once


def follow_up_outcome(rating: int, round_: int) -> str:
    """``reopen`` for an unsatisfied rating of the first round, else ``close``."""
    if rating not in RATINGS:
        raise ValueError(f"a rating is 1 to 5, not {rating}")
    if rating < SATISFIED_MIN and round_ < MAX_ROUNDS:
        return "reopen"
    return "close"


# ---------------------------------------------------------------- places and policies


@dataclass(frozen=True)
class Bounds:
    south: Decimal
    west: Decimal
    north: Decimal
    east: Decimal

    def contains(self, latitude: Decimal, longitude: Decimal) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def policy_matches(
    *,
    industries: Sequence[str],
    sizes: Sequence[str],
    region_path: str,
    enterprise_industry: str,
    enterprise_size: str,
    enterprise_region_path: str,
) -> bool:
    """Whether a policy's tags fit an enterprise. An industry tag matches when it occurs in
    the enterprise's industry (``制造`` fits ``通用设备制造``); empty lists match all."""
    industries = [tag.strip() for tag in industries if tag and tag.strip()]
    sizes = [size for size in sizes if size]
    if industries and not any(tag in (enterprise_industry or "") for tag in industries):
        return False
    if sizes and enterprise_size not in sizes:
        return False
    return not region_path or (enterprise_region_path or "").startswith(region_path)


_ID = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{10}|\d{7})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[\s-]?)?1[3-9]\d)([\s-]?\d{4}[\s-]?)(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(\(?0\d{2,3}\)?[\s-]?)(\d{3,4})(\d{4})(?!\d)")


def _hide(match: re.Match) -> str:
    head, hidden, tail = match.groups()
    return head + re.sub(r"\d", "*", hidden) + tail


def mask_text(text: str) -> str:
    """The text with identity numbers (18 and old 15 digits) and phone numbers (mobile, with
    or without +86 and separators; landline with its area code) masked, for the public
    board."""
    for pattern in (_ID, _MOBILE, _LANDLINE):
        text = pattern.sub(_hide, text)
    return text


# ---------------------------------------------------------------- figures


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), ROUND_HALF_UP)
