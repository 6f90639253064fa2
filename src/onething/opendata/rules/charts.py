"""A figure dataset's chart in the shape the figures page's script draws (dashboard's
``charts.js``: kind, labels, series of name and data, unit, empty), pure: from the chart's
definition (kind, the label column, the series columns, transposed or not), the columns'
labels and units, and the rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChartSpec:
    kind: str  # bar, line, pie
    label: str  # the column whose values label the bars ("" when transposed)
    series: tuple[str, ...]  # the columns drawn
    transpose: bool = False  # one row: its series columns become the labels
    title: str = ""  # the series' name when transposed


def chart_data(
    spec: ChartSpec,
    labels: Mapping[str, str],
    units: Mapping[str, str],
    rows: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The chart's data; ``empty`` when no value is there to draw."""
    if spec.transpose:
        names = [labels[key] for key in spec.series]
        data = [[row.get(key) for key in spec.series] for row in rows[:1]]
        series = [{"name": spec.title, "data": d} for d in data]
    else:
        names = [str(row.get(spec.label, "")) for row in rows]
        data = [[row.get(key) for row in rows] for key in spec.series]
        series = [{"name": labels[k], "data": d} for k, d in zip(spec.series, data, strict=True)]
    return {
        "kind": spec.kind,
        "labels": names,
        "series": series,
        "unit": units.get(spec.series[0], "") if spec.series else "",
        "empty": not any(v not in (None, 0) for values in data for v in values),
    }
