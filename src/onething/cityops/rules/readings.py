"""A device's readings, pure (no database): whether a reading can be taken in, whether a
device has gone silent, and the per-minute roll-ups (count, total, lowest, highest) the
charts read instead of every reading."""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

MAX_AHEAD = dt.timedelta(minutes=5)  # a device's clock may run this far ahead of ours
MAX_AGE = dt.timedelta(days=7)  # a reading older than this is not taken in any more


@dataclass(frozen=True)
class Bounds:
    """The values a device's sensor can physically report (None: no bound), e.g. a
    relative humidity of 0 to 100: anything outside is a fault, not a reading."""

    min_possible: float | None = None
    max_possible: float | None = None

    def problems(self) -> list[FieldProblem]:
        if (
            self.min_possible is not None
            and self.max_possible is not None
            and self.min_possible > self.max_possible
        ):
            return [
                FieldProblem(
                    "max_possible",
                    "order",
                    _("The highest possible value cannot be below the lowest."),
                )
            ]
        return []

    def contains(self, value: float) -> bool:
        return (self.min_possible is None or value >= self.min_possible) and (
            self.max_possible is None or value <= self.max_possible
        )


def is_number(value: object) -> bool:
    """A real, finite number: an int, a float or a Decimal, not a bool, NaN or infinite."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        return False
    return math.isfinite(value)


def reading_problems(
    value: object,
    at: object,
    *,
    now: dt.datetime,
    bounds: Bounds,
    max_ahead: dt.timedelta = MAX_AHEAD,
    max_age: dt.timedelta = MAX_AGE,
    field_prefix: str = "",
) -> list[FieldProblem]:
    """Every reason a reading (``value`` taken ``at``) cannot be taken in: the value is not
    a finite number (``type``) or outside what the sensor can report (``range``); the time
    is not a datetime (``type``), has no time zone (``naive``), is after ``now`` +
    ``max_ahead`` (``future``) or before ``now`` − ``max_age`` (``too_old``). The fields are
    ``value`` and ``at`` after ``field_prefix`` (``readings.3.`` for a batch's fourth)."""
    problems = []
    value_field, at_field = f"{field_prefix}value", f"{field_prefix}at"
    if not is_number(value):
        problems.append(FieldProblem(value_field, "type", _("Enter a finite number.")))
    elif not bounds.contains(value):
        problems.append(
            FieldProblem(
                value_field,
                "range",
                _("The value %(value)s is outside what the sensor can report (%(range)s).")
                % {"value": value, "range": _range_text(bounds)},
            )
        )
    if not isinstance(at, dt.datetime):
        problems.append(FieldProblem(at_field, "type", _("Enter a date and time.")))
    elif at.tzinfo is None or at.utcoffset() is None:
        problems.append(
            FieldProblem(at_field, "naive", _("Give the time with its time zone (e.g. +08:00)."))
        )
    elif at > now + max_ahead:
        problems.append(
            FieldProblem(
                at_field,
                "future",
                _("A reading cannot be in the future (check the device's clock)."),
            )
        )
    elif at < now - max_age:
        problems.append(
            FieldProblem(
                at_field,
                "too_old",
                _("The reading is too old to be taken in."),
            )
        )
    return problems


def is_offline(
    last_seen_at: dt.datetime | None, silent_after: dt.timedelta, now: dt.datetime
) -> bool:
    """Whether a device last heard from at ``last_seen_at`` (None: never) has been silent
    longer than ``silent_after``."""
    return last_seen_at is None or now - last_seen_at > silent_after


def minute_of(at: dt.datetime) -> dt.datetime:
    """The minute ``at`` falls in (seconds and microseconds dropped, its time zone kept)."""
    return at.replace(second=0, microsecond=0)


@dataclass
class Rollup:
    """The readings of one minute: how many, their total, the lowest and the highest.
    ``Rollup()`` is empty (low +∞, high −∞) and :meth:`add` and :meth:`merge` return it."""

    count: int = 0
    total: float = 0.0
    low: float = math.inf
    high: float = -math.inf

    @classmethod
    def of(cls, value: float) -> Rollup:
        value = float(value)
        return cls(count=1, total=value, low=value, high=value)

    def add(self, value: float) -> Rollup:
        value = float(value)
        self.count += 1
        self.total += value
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        return self

    def merge(self, other: Rollup) -> Rollup:
        """Adds another roll-up of the same minute (an earlier batch's row) to this one."""
        self.count += other.count
        self.total += other.total
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)
        return self

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


def rollups(readings: Iterable[tuple[dt.datetime, float]]) -> dict[dt.datetime, Rollup]:
    """The readings' roll-ups by minute (:func:`minute_of`), in the minutes' order."""
    found: dict[dt.datetime, Rollup] = {}
    for at, value in readings:
        minute = minute_of(at)
        rollup = found.get(minute)
        if rollup is None:
            found[minute] = Rollup.of(value)
        else:
            rollup.add(value)
    return dict(sorted(found.items()))


def _range_text(bounds: Bounds) -> str:
    low = "−∞" if bounds.min_possible is None else _number(bounds.min_possible)
    high = "+∞" if bounds.max_possible is None else _number(bounds.max_possible)
    return f"{low} … {high}"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
