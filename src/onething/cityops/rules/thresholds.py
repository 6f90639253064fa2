"""A sensor value's level against its thresholds, pure (no database).

A device's value (a water level, a gas concentration) is ``normal``, ``warning`` (预警) or
``alarm`` (告警) by up to four thresholds: two above (``warning_high`` ≤ ``alarm_high``) and
two below (``alarm_low`` ≤ ``warning_low``), any of them left out. A level is entered as
soon as the value reaches its threshold and left only once the value is back past it by
the ``hysteresis`` (回差), so a value hovering at a threshold does not open and close an
event at every reading: with ``alarm_high`` 5.0 and a hysteresis of 0.2 the alarm starts
at 5.0 and ends below 4.8.

:func:`crossing` names what a change of level does to the device's one event for that
value: ``open`` it, ``raise`` or ``lower`` its level, ``close`` it."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem

NORMAL, WARNING, ALARM = "normal", "warning", "alarm"
LEVELS = (NORMAL, WARNING, ALARM)
LEVEL_LABELS = {
    NORMAL: pgettext_lazy("level", "Normal"),  # 正常 ("Normal" alone is a priority: 一般)
    WARNING: gettext_lazy("Warning"),  # 预警, as core/deadlines.py's
    ALARM: gettext_lazy("Alarm"),  # 告警
}
_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# What a change of level does to the device's event for the value.
OPEN, RAISE, LOWER, CLOSE = "open", "raise", "lower", "close"

_HIGHS = ("warning_high", "alarm_high")
_LOWS = ("warning_low", "alarm_low")


@dataclass(frozen=True)
class Thresholds:
    """A value's thresholds (None: not set) and its hysteresis, in the value's unit."""

    warning_high: float | None = None
    alarm_high: float | None = None
    warning_low: float | None = None
    alarm_low: float | None = None
    hysteresis: float = 0.0

    def problems(self) -> list[FieldProblem]:
        """Every way the set is inconsistent, each naming the attribute to correct."""
        problems = []
        given = {}
        for name in (*_HIGHS, *_LOWS, "hysteresis"):
            value = getattr(self, name)
            if value is None:
                continue
            if _finite(value):
                given[name] = float(value)
            else:
                problems.append(FieldProblem(name, "type", _("Enter a finite number.")))
        if problems:
            return problems
        hysteresis = given.get("hysteresis", 0.0)
        if hysteresis < 0:
            problems.append(
                FieldProblem("hysteresis", "negative", _("The hysteresis cannot be negative."))
            )
        if "warning_high" in given and given.get("alarm_high", math.inf) <= given["warning_high"]:
            problems.append(
                FieldProblem(
                    "alarm_high",
                    "order",
                    _("The high alarm threshold must be above the high warning threshold."),
                )
            )
        if "warning_low" in given and given.get("alarm_low", -math.inf) >= given["warning_low"]:
            problems.append(
                FieldProblem(
                    "alarm_low",
                    "order",
                    _("The low alarm threshold must be below the low warning threshold."),
                )
            )
        highs = [given[n] for n in _HIGHS if n in given]
        lows = [(given[n], n) for n in _LOWS if n in given]
        if highs and lows:
            top_low, name = max(lows)
            if top_low >= min(highs):
                problems.append(
                    FieldProblem(
                        name, "order", _("The low thresholds must be below the high thresholds.")
                    )
                )
            elif 2 * hysteresis >= min(highs) - top_low:
                problems.append(
                    FieldProblem(
                        "hysteresis",
                        "too_wide",
                        _(
                            "The hysteresis must be less than half the gap between the low "
                            "and the high thresholds, or a value could never return to normal."
                        ),
                    )
                )
        return problems

    def is_set(self) -> bool:
        """Whether any threshold is set (else every value is normal)."""
        return any(getattr(self, n) is not None for n in (*_HIGHS, *_LOWS))


def level_of(value: float, thresholds: Thresholds, current: str = NORMAL) -> str:
    """The level of ``value`` for a device whose value is at level ``current``.

    A higher level is entered at its threshold (``value >= alarm_high``, ``value <=
    alarm_low``); the current level and those below it are kept until the value is back
    past their threshold by the hysteresis (an alarm of ``alarm_high`` 5.0 with 0.2 holds
    down to 4.8 and ends below it, then as a warning if the value is still at or above
    ``warning_high`` − 0.2). The level does not record on which side it was entered."""
    if current not in _RANK:
        raise ValueError(f"unknown level {current!r}")
    if isinstance(value, bool) or math.isnan(value := float(value)):
        raise ValueError(f"not a value: {value!r}")
    t = thresholds
    held, slack = _RANK[current], max(float(t.hysteresis or 0), 0.0)
    for level, high, low in (
        (ALARM, t.alarm_high, t.alarm_low),
        (WARNING, t.warning_high, t.warning_low),
    ):
        give = slack if held >= _RANK[level] else 0.0
        if high is not None and value >= float(high) - give:
            return level
        if low is not None and value <= float(low) + give:
            return level
    return NORMAL


def crossing(before: str, after: str) -> str | None:
    """What a change of level from ``before`` to ``after`` does to the value's event:
    ``open`` (it leaves normal), ``raise`` (warning → alarm), ``lower`` (alarm → warning),
    ``close`` (back to normal), or None (no change)."""
    for level in (before, after):
        if level not in _RANK:
            raise ValueError(f"unknown level {level!r}")
    if before == after:
        return None
    if before == NORMAL:
        return OPEN
    if after == NORMAL:
        return CLOSE
    return RAISE if _RANK[after] > _RANK[before] else LOWER


def is_higher(level: str, than: str) -> bool:
    """Whether ``level`` is above ``than`` (alarm > warning > normal)."""
    return _RANK[level] > _RANK[than]


def _finite(value: object) -> bool:
    """A real number (an int, a float, a Decimal from a model field), not NaN or infinite."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        return False
    return math.isfinite(value)
