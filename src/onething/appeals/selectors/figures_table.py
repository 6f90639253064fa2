"""The appeal figures as one table, for the CSV and .xlsx downloads: every rate under its
own name (办结率 ``completion_rate``, 按时回复率 ``on_time_rate``, 按时办结率
``on_time_conclusion_rate``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

EXPORT_HEADERS = [
    "dimension",
    "key",
    "label",
    "total",
    "closed",
    "completion_rate",
    "on_time",
    "on_time_rate",
    "overdue_open",
    "rated",
    "satisfied",
    "satisfaction_rate",
    "average_reply_days",
    "concluded_on_time",
    "concluded_late",
    "on_time_conclusion_rate",
]


def figures_rows(figures: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The figures as one table (for CSV and .xlsx)."""
    rows = []

    def add(dimension: str, key: str, label: str, r: dict[str, Any]) -> None:
        rows.append([dimension, key, label] + [r[h] for h in EXPORT_HEADERS[3:]])

    add("overall", "", _("All appeals"), figures["overall"])
    for dimension in ("type", "channel", "programme", "department"):
        for r in figures[f"by_{dimension}"]:
            add(dimension, r["key"], r["label"], r)
    return EXPORT_HEADERS, rows
