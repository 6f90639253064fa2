"""Passing a course (pure): a course is passed when its score reaches the course's pass
mark and, when attendance was taken for the student, their attendance rate is at least
80 %. The rate counts the days marked present or late among the days marked, an excused
day counting neither way; a student with no day marked (or only excused ones) has no rate,
and the score alone decides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from .statuses import ABSENT, LATE, PRESENT

MIN_ATTENDANCE = Decimal("0.8")  # 出勤率不低于 80 %
ATTENDED = (PRESENT, LATE)
COUNTED = (PRESENT, LATE, ABSENT)

# why a course is not passed
BELOW_PASS_MARK, LOW_ATTENDANCE = "score", "attendance"


def attendance_rate(marks: Iterable[str]) -> Decimal | None:
    """The share of the marked days the student attended (None: no day counts)."""
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark] = counts.get(mark, 0) + 1
    return rate_of_counts(counts)


def rate_of_counts(counts: Mapping[str, int]) -> Decimal | None:
    """The rate from the number of days of each mark (``{"present": 40, "absent": 2}``)."""
    counted = sum(counts.get(mark, 0) for mark in COUNTED)
    if counted == 0:
        return None
    attended = sum(counts.get(mark, 0) for mark in ATTENDED)
    return Decimal(attended) / Decimal(counted)


def rate_percent(rate: Decimal | None) -> Decimal | None:
    """A rate in whole percent, halves up (0.875 → 88); None for none. It reads as people
    read every rate (``core.numbers.percent``: ``88%``)."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def failed_because(
    score: Decimal, pass_mark: int | Decimal, rate: Decimal | None
) -> tuple[str, ...]:
    """Why the course is not passed: ``score`` (below the pass mark), ``attendance``
    (below 80 %), both, or nothing (passed)."""
    reasons = []
    if Decimal(score) < Decimal(pass_mark):
        reasons.append(BELOW_PASS_MARK)
    if rate is not None and rate < MIN_ATTENDANCE:
        reasons.append(LOW_ATTENDANCE)
    return tuple(reasons)


def course_passed(score: Decimal, pass_mark: int | Decimal, rate: Decimal | None) -> bool:
    """The rule: score ≥ the course's pass mark, and attendance ≥ 80 % when taken."""
    return not failed_because(score, pass_mark, rate)
