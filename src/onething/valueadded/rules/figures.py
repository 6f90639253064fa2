"""The figures of value-added services, pure: shares as fractions (None when there is
nothing to divide), the way the dashboard's figures are."""

from __future__ import annotations


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a fraction (0.0 to 1.0); None when ``whole`` is 0."""
    return part / whole if whole else None


def mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def as_percent(fraction: float | None) -> float | None:
    """A fraction as a percentage with one decimal (0.9537 → 95.4); None stays None."""
    return None if fraction is None else round(fraction * 100, 1)
