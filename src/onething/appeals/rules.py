"""Pure rules of appeals: no ORM. State transitions, time limits and deadline states,
routing, follow-up outcomes, policy matching, the city's bounds, masking for the public
board, the figures' rates and what counts as concluded on time (按时办结)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy

from onething.core.deadlines import ANSWERED, ON_TIME, OVERDUE, WARNING
from onething.core.ratings import is_rating, satisfied
from onething.core.transitions import STAY, Lifecycle, Transition

# ---------------------------------------------------------------- lifecycle

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


def _status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status)).lower()


# 受理 → 派单 → 办理 → 回复 → 回访 → 办结. Who may act is the services' check.
_REFUSED = gettext_lazy("An appeal that is %(status)s cannot be given the action “%(action)s”.")
APPEAL_LIFECYCLE = Lifecycle(
    table={
        "dispatch": Transition({"received", "returned"}, "dispatched"),
        "redispatch": Transition({"dispatched", "handling"}, "dispatched"),
        "accept": Transition({"dispatched"}, "handling"),
        "return": Transition({"dispatched", "handling"}, "returned"),
        "reply": Transition({"dispatched", "handling"}, "replied"),
        "close": Transition({"replied"}, "closed"),
        "reopen": Transition({"replied"}, "handling"),
        "extend": Transition({"dispatched", "handling"}, STAY),
    },
    status_refused=_REFUSED,
    unknown_refused=_REFUSED,
    action_label=lambda action: ACTION_LABELS.get(action, action),
    status_label=_status_label,
)
# (status, action) → the status after it
TRANSITIONS: dict[tuple[str, str], str] = APPEAL_LIFECYCLE.moves()


def next_status(status: str, action: str) -> str:
    """The status after ``action``, or InvalidTransition (409) naming both."""
    return APPEAL_LIFECYCLE.target(status, action)


def allowed_actions(status: str) -> list[str]:
    return APPEAL_LIFECYCLE.actions(status)


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
    ``on_time`` (core/deadlines.py: the same names as a case's). ``days_left`` counts the
    working days after today up to the due date."""
    if answered:
        return ANSWERED
    if today > due:
        return OVERDUE
    if today == due or days_left <= warning_days:
        return WARNING
    return ON_TIME


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

# A rating is core/ratings.py's Rating (5 非常满意 … 1 非常不满意).
MAX_ROUNDS = 2  # an unsatisfied rating reopens an appeal once


def follow_up_outcome(rating: int, round_: int) -> str:
    """``reopen`` for an unsatisfied rating of the first round, else ``close``."""
    if not is_rating(rating):
        raise ValueError(f"a rating is 1 to 5, not {rating}")
    if not satisfied(rating) and round_ < MAX_ROUNDS:
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


# A run of digits that may hide a number: digits (any script's, full-width ones too) with at
# most three separators between any two (spaces, the ideographic space, dashes, dots,
# slashes, underscores, brackets, plus signs), and the check character X of an identity
# number.
_SEPARATOR = (
    r"[\s\-\u2010-\u2015\uff0d.\uff0e\u00b7\u30fb/\uff0f_"
    r"()\uff08\uff09\[\]\u3010\u3011+\uff0b]"
)
_RUN = re.compile(rf"\d(?:{_SEPARATOR}{{0,3}}\d)*(?:{_SEPARATOR}{{0,3}}[XxＸｘ])?")
_GROUP = re.compile(r"\d+[XxＸｘ]?|[XxＸｘ]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LONGEST = 18  # no number to mask has more digits
_LENGTHS = frozenset((10, 11, 12, 13, 15, 18))  # landlines 10-12, mobiles 11 (13 with 86)


def _birth_date(digits: str) -> bool:
    """Whether an identity number's birth date (YYYYMMDD, or YYMMDD in the old 15 digits)
    could be one."""
    date = digits[6:14] if len(digits) == 18 else "19" + digits[6:12]
    year, month, day = int(date[:4]), int(date[4:6]), int(date[6:8])
    return 1850 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _shown(digits: str, joined: bool) -> tuple[int, int] | None:
    """How many leading and trailing digits of ``digits`` stay visible if they are a number
    to mask: an identity number (18 digits, the last maybe X, or 15), a mobile (11 digits,
    with or without 86 before) or a landline (0, its area code, 7 or 8 digits). None
    otherwise. Digits ``joined`` across separators must make a plausible identity number
    (a birth date), so that a date beside another number is not taken for one."""
    if digits.endswith("X"):
        return (4, 4) if len(digits) == 18 and digits[:-1].isdigit() else None
    if len(digits) in (15, 18) and (not joined or (digits[0] != "0" and _birth_date(digits))):
        return 4, 4
    if _MOBILE.fullmatch(digits):
        return 3, 4
    if len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return 5, 4
    if digits.startswith("0") and digits[1:2] != "0":
        area = 3 if digits[1:2] in ("1", "2") else 4
        if len(digits) - area in (7, 8):
            return area, 4
    return None


def _mask_run(run: str) -> str:
    """One run with every number in it masked in place. The run's digit groups are split
    into numbers so that as many digits as possible are covered (``13912345678 0510-8123
    4567`` is a mobile and a landline, not a 15-digit number and a rest); between equal
    splits, the one whose numbers start first."""
    groups = []  # (positions of its characters in the run, its digits)
    for found in _GROUP.finditer(run):
        digits = "".join(
            "X" if c in "XxＸｘ" else str(unicodedata.decimal(c)) for c in found.group()
        )
        groups.append((list(range(found.start(), found.end())), digits))
    count = len(groups)
    best = [0] * (count + 1)  # digits covered from group i on
    choice: list[tuple[int, tuple[int, int], bool] | None] = [None] * (count + 1)
    for i in range(count - 1, -1, -1):
        best[i], choice[i] = best[i + 1], None
        digits = ""
        for j in range(i, count):
            digits += groups[j][1]
            for cut_x in (False, True):
                candidate = digits[:-1] if cut_x else digits
                if (cut_x and not digits.endswith("X")) or len(candidate) not in _LENGTHS:
                    continue
                shown = _shown(candidate, joined=j > i)
                if shown and len(candidate) + best[j + 1] >= best[i]:  # ties: the first
                    best[i], choice[i] = len(candidate) + best[j + 1], (j, shown, cut_x)
            if len(digits) > _LONGEST:
                break
    chars = list(run)
    i = 0
    while i < count:
        if choice[i] is None:
            i += 1
            continue
        j, (head, tail), cut_x = choice[i]
        places = [p for g in groups[i : j + 1] for p in g[0]]
        if cut_x:
            places = places[:-1]
        for p in places[head : len(places) - tail]:
            chars[p] = "*"
        i = j + 1
    return "".join(chars)


def mask_text(text: str) -> str:
    """The text with identity numbers (18 and old 15 digits) and phone numbers (mobile, with
    or without +86; landline with its area code) masked in place, for the public board and
    Open311: the first and last digits stay, the middle ones become ``*``. Numbers written
    with separators (``320211 199001011234``, ``1 3 8 0 0 0 0 1 1 1 1``, ``138-0000-1111``,
    full-width ``１３８…``) are masked too; dates, amounts and case numbers are not
    numbers of these shapes and stay. Masking again changes nothing."""
    for _pass in range(4):  # a rest left beside a masked number may form one
        masked = _RUN.sub(lambda m: _mask_run(m.group()), text)
        if masked == text:
            break
        text = masked
    return text


def board_search_text(title: str, text: str) -> str:
    """What the public board's search looks in: the title and the text as the board shows
    them (numbers masked), so that a search never matches a digit the board hides."""
    return f"{mask_text(title)}\n{mask_text(text)}"


# ---------------------------------------------------------------- figures


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# 按时办结: how an appeal counts in the on-time conclusion rate (按时办结率)
CONCLUDED_ON_TIME, CONCLUDED_LATE = "on_time", "late"


def concluded_in_time(
    *, replied_on: dt.date | None, closed_on: dt.date | None, due: dt.date
) -> bool | None:
    """Whether a closed appeal was concluded within its time limit: its concluding reply
    (the last round's, ``replied_on``, the local day) came no later than its due date
    (``due``: the one in force when the reply was given). A closed appeal with no reply
    recorded (imported history: the services close only what was answered) is concluded
    on the day it was closed; None when neither day is known."""
    day = replied_on or closed_on
    if day is None:
        return None
    return day <= due


def conclusion(
    *,
    status: str,
    replied_on: dt.date | None,
    closed_on: dt.date | None,
    due: dt.date,
    as_of: dt.date,
) -> str | None:
    """How one appeal counts in the on-time conclusion rate (按时办结率) as of the day
    ``as_of``: ``CONCLUDED_ON_TIME``, ``CONCLUDED_LATE`` or None (not counted).

    - Closed (办结, after the follow-up): on time when the concluding reply — the last
      round's — came by the end of the due date in force (after a reopening the new
      round's, moved by any approved extension, 延期), late otherwise
      (``concluded_in_time``). The reply, not the rating, is what the department
      controls, so the day the requester rated it does not count.
    - Still open (taken in, dispatched, returned or being handled) and past its due date
      on ``as_of``: late; it can no longer be concluded on time, and leaving it out would
      hide the appeals nobody answers.
    - Open and not yet due, or replied and waiting for the requester's rating: not
      counted yet.

    The rate is on time / (on time + late). It is not the on-time reply rate (按时回复率:
    the current round's reply within its due date, whether or not the appeal was closed
    after it) nor the completion rate (办结率: closed / all received)."""
    if status == "closed":
        in_time = concluded_in_time(replied_on=replied_on, closed_on=closed_on, due=due)
        if in_time is None:
            return None
        return CONCLUDED_ON_TIME if in_time else CONCLUDED_LATE
    if status in OPEN_STATUSES and as_of > due:
        return CONCLUDED_LATE
    return None


def mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), ROUND_HALF_UP)
