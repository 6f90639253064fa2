"""红黑榜's arithmetic, pure (no database): a category's criteria and a batch's rule checked
(every problem at once), a site's weighted score, the draw (ranks, the red and black
lists, the tie rule, never on both lists), the not-improved flag, the weakest parts a
rectification names, the months of a batch and its name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onething.core.errors import FieldProblem

from .ranking import BLACK, NEITHER, RED

# ---------------------------------------------------------------- criteria and the rule

WEIGHTS_TOTAL = 100
MAX_CRITERIA = 12
MAX_LIST = 100  # a list's size at most (top and bottom)
TOP_BOTTOM, THRESHOLDS = "top_bottom", "thresholds"  # DrawRule's values


def criteria_problems(criteria, field: str = "criteria") -> list[FieldProblem]:
    """What is wrong with a category's criteria ``[{"name", "weight"}]``: each named (at
    most 20 characters, no name twice), each weight a whole number of percent from 1 to
    100, the weights adding up to 100. Every problem at once."""
    if not isinstance(criteria, list) or not criteria:
        return [FieldProblem(field, "required", _("Give at least one criterion and its weight."))]
    if len(criteria) > MAX_CRITERIA:
        return [
            FieldProblem(field, "max_items", _("At most %(n)s criteria.") % {"n": MAX_CRITERIA})
        ]
    problems, names, total = [], set(), 0
    for i, item in enumerate(criteria):
        item = item if isinstance(item, dict) else {}
        name = str(item.get("name") or "").strip()
        weight = item.get("weight")
        if not name:
            problems.append(FieldProblem(f"{field}.{i}.name", "required", _("Name it.")))
        elif len(name) > 20:
            problems.append(
                FieldProblem(
                    f"{field}.{i}.name", "max_length", _("At most %(n)s characters.") % {"n": 20}
                )
            )
        elif name in names:
            problems.append(
                FieldProblem(
                    f"{field}.{i}.name", "unique", _("%(n)s is named twice.") % {"n": name}
                )
            )
        names.add(name)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            problems.append(
                FieldProblem(
                    f"{field}.{i}.weight",
                    "range",
                    _("A whole number of percent from 1 to 100."),
                )
            )
        else:
            total += weight
    if not problems and total != WEIGHTS_TOTAL:
        problems.append(
            FieldProblem(
                field,
                "weights_total",
                _("The weights add up to %(n)s: they must add up to 100.") % {"n": total},
            )
        )
    return problems


def rule_problems(
    rule: str,
    *,
    red_count: int | None,
    black_count: int | None,
    red_at_least: int | None,
    black_below: int | None,
) -> list[FieldProblem]:
    """What is wrong with a batch's rule and its numbers, checked together: the sizes of the
    lists (top and bottom: 0 to 100 each, one at least), or the thresholds (scores × 100
    from 0 to 10000, both given, the black list's below the red list's so that no one is
    on both). Every problem at once."""
    if rule not in (TOP_BOTTOM, THRESHOLDS):
        return [
            FieldProblem(
                "rule", "choice", _("Choose one of: %(c)s.") % {"c": f"{TOP_BOTTOM}, {THRESHOLDS}"}
            )
        ]
    problems = []
    if rule == TOP_BOTTOM:
        for field, value in (("red_count", red_count), ("black_count", black_count)):
            if value is None or not 0 <= value <= MAX_LIST:
                problems.append(
                    FieldProblem(
                        field, "range", _("A whole number from 0 to %(n)s.") % {"n": MAX_LIST}
                    )
                )
        if not problems and not (red_count or black_count):
            problems.append(
                FieldProblem("red_count", "required", _("A red or a black list of one at least."))
            )
        return problems
    for field, value in (("red_at_least", red_at_least), ("black_below", black_below)):
        if value is None:
            problems.append(FieldProblem(field, "required", _("Give the score (0 to 100).")))
        elif not 0 <= value <= 10_000:
            problems.append(FieldProblem(field, "range", _("A score from 0 to 100.")))
    if not problems and black_below > red_at_least:
        problems.append(
            FieldProblem(
                "black_below",
                "overlap",
                _("The black list's score must not be above the red list's (no one is on both)."),
            )
        )
    return problems


def weighted_centi(marks: dict[str, Decimal], criteria: list[dict]) -> int:
    """The score (out of 100, × 100) of marks out of 100 per criterion, by the criteria's
    weights (percent adding up to 100), rounded half up."""
    total = sum(Decimal(marks[c["name"]]) * c["weight"] for c in criteria)
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def mark_problem(field: str, value) -> tuple[Decimal | None, FieldProblem | None]:
    """A mark out of 100 (at most two decimals), or its problem."""
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        return None, FieldProblem(field, "required", _("Give a mark from 0 to 100."))
    try:
        mark = Decimal(str(value).strip())
    except InvalidOperation:
        mark = None
    if mark is None or not mark.is_finite() or not 0 <= mark <= 100:
        return None, FieldProblem(field, "range", _("A mark from 0 to 100."))
    if mark != mark.quantize(Decimal("0.01")):
        return None, FieldProblem(field, "decimals", _("At most two decimals."))
    return mark, None


# ---------------------------------------------------------------- the draw


@dataclass(frozen=True)
class Candidate:
    """A street or a site to rank in one category: ``key`` names it, ``score_centi`` its
    score (× 100), ``code`` breaks ties."""

    key: Hashable
    score_centi: int
    code: str


@dataclass(frozen=True)
class Drawn:
    key: Hashable
    score_centi: int
    rank: int
    list: str


def draw(
    candidates: Iterable[Candidate],
    rule: str,
    *,
    red_count: int = 0,
    black_count: int = 0,
    red_at_least: int | None = None,
    black_below: int | None = None,
) -> list[Drawn]:
    """The ranks and the lists of one category, best first.

    Ranked by score, highest first; equal scores share a rank (1, 2, 2, 4). Where a list
    must cut between equal scores, the lower code comes first (the stated tie rule: the
    register's order). ``top_bottom``: the ``red_count`` first are red, the ``black_count``
    last are black, never both (when the lists would overlap, red wins). ``thresholds``:
    red at or above ``red_at_least``, black below ``black_below`` (× 100)."""
    ordered = sorted(candidates, key=lambda c: (-c.score_centi, c.code))
    ranks, previous, shown = [], None, 0
    for place, c in enumerate(ordered, start=1):
        if c.score_centi != previous:
            shown, previous = place, c.score_centi
        ranks.append(shown)
    lists = [NEITHER] * len(ordered)
    if rule == TOP_BOTTOM:
        reds = min(red_count, len(ordered))
        for i in range(reds):
            lists[i] = RED
        blacks = min(black_count, len(ordered) - reds)
        for i in range(len(ordered) - blacks, len(ordered)):
            lists[i] = BLACK
    elif rule == THRESHOLDS:
        for i, c in enumerate(ordered):
            if red_at_least is not None and c.score_centi >= red_at_least:
                lists[i] = RED
            elif black_below is not None and c.score_centi < black_below:
                lists[i] = BLACK
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return [
        Drawn(c.key, c.score_centi, rank, which)
        for c, rank, which in zip(ordered, ranks, lists, strict=True)
    ]


def not_improved(previous_black_centi: int | None, score_centi: int) -> bool:
    """A black-list entry of the batch before (same category) whose new score is not
    higher: flagged 未改善."""
    return previous_black_centi is not None and score_centi <= previous_black_centi


def weakest(parts: dict[str, int | None], n: int = 2) -> list[tuple[str, int]]:
    """The ``n`` lowest of an entry's parts (name → score × 100; None: not measured),
    lowest first, a tie by name: what a rectification asks to put right first."""
    known = [(name, v) for name, v in parts.items() if v is not None]
    return sorted(known, key=lambda p: (p[1], p[0]))[:n]


def period_months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from ``start``'s to ``end``'s."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


# a street entry's parts (its components' "parts"), each out of 100
STREET_PART_LABELS = {
    "residents": pgettext_lazy("street score part", "Residents' scores"),  # 居民评议
    "inspections": pgettext_lazy("street score part", "Inspectors' checks"),  # 巡查考评
    "complaints": pgettext_lazy("street score part", "12345 complaints"),  # 12345 投诉
}


def entry_parts(components: dict, is_street: bool) -> dict[str, int | None]:
    """An entry's parts by their names (× 100): a street's residents' scores, inspectors'
    checks and complaints (named in the reader's language), a site's criteria."""
    components = components or {}
    if is_street:
        return {
            str(STREET_PART_LABELS.get(k, k)): v for k, v in (components.get("parts") or {}).items()
        }
    return dict(components.get("marks") or {})


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals, as a batch is named (第三批, 第十二批, 第二十批)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def batch_title(year: int, sequence: int) -> str:
    """A batch's name when none is given: 2021年第三批 (a record, in the city's words)."""
    return f"{year}年第{chinese_number(sequence)}批"
