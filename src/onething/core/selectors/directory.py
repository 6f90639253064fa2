"""The organisation directory read: the collaborative office's (锡心办) coverage by level,
counted from the directory's records (one grouped count over the index of units by
whether they are on the office and their level)."""

from __future__ import annotations

from django.db.models import Count

from ..models import DirectoryLevel, DirectoryUnit

TOTAL = "total"


def collaborative_office_coverage() -> dict[str, int]:
    """How many units of each level (``city``, ``district``, ``street``, ``community``)
    are on the collaborative office, and their ``total``."""
    counts = dict(
        DirectoryUnit.objects.filter(on_collaborative_office=True)
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    coverage = {level: counts.get(level, 0) for level in DirectoryLevel.values}
    coverage[TOTAL] = sum(coverage.values())
    return coverage


def coverage_rows() -> list[dict]:
    """The coverage as rows to show: each level's label and count."""
    coverage = collaborative_office_coverage()
    return [
        {"level": level, "label": str(label), "units": coverage[level]}
        for level, label in DirectoryLevel.choices
    ]
