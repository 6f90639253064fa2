"""Converting a score (of 100, one decimal) into the grade a university records under its
agreement's scheme (pure):

- ``percent`` (百分制): the score itself, ``"86.5"``;
- ``five_level`` (五级制): 优 90 and above, 良 80, 中 70, 及格 60, else 不及格;
- ``pass_fail`` (两级制): 通过 / 不通过;
- ``gpa4`` (4.0 绩点): the usual table of Chinese universities — 90+ 4.0, 85 3.7, 82 3.3,
  78 3.0, 75 2.7, 72 2.3, 68 2.0, 64 1.5, 60 1.0, else 0.

A transcript carries passed courses only; a course passed under a pass mark below 60 still
converts to the lowest passing grade (及格, 通过, 1.0), never to a failing one."""

from __future__ import annotations

from decimal import Decimal

from .statuses import FIVE_LEVEL, GPA4, PASS_FAIL, PERCENT

FIVE_LEVELS = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(70), "中"),
    (Decimal(60), "及格"),
)
FIVE_FAIL = "不及格"
PASS, FAIL = "通过", "不通过"
GPA_TABLE = (
    (Decimal(90), "4.0"),
    (Decimal(85), "3.7"),
    (Decimal(82), "3.3"),
    (Decimal(78), "3.0"),
    (Decimal(75), "2.7"),
    (Decimal(72), "2.3"),
    (Decimal(68), "2.0"),
    (Decimal(64), "1.5"),
    (Decimal(60), "1.0"),
)
GPA_FAIL = "0"


def _by_table(score: Decimal, table, failing: str, passed: bool) -> str:
    for floor, grade in table:
        if score >= floor:
            return grade
    return table[-1][1] if passed else failing


def convert(scheme: str, score: Decimal, *, passed: bool = True) -> str:
    """The grade ``score`` converts to under ``scheme`` (``passed``: the course was passed
    by its own rule). An unknown scheme is a programming error (ValueError)."""
    score = Decimal(score).quantize(Decimal("0.1"))
    if scheme == PERCENT:
        return str(score)
    if scheme == FIVE_LEVEL:
        return _by_table(score, FIVE_LEVELS, FIVE_FAIL, passed)
    if scheme == PASS_FAIL:
        return PASS if passed else FAIL
    if scheme == GPA4:
        return _by_table(score, GPA_TABLE, GPA_FAIL, passed)
    raise ValueError(f"unknown grade scheme {scheme!r}")
