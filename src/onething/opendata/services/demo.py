"""The demo city's open-data catalogue, made by the platform's own services: the
platform's figure datasets registered (published by the data bureau), and a few
department datasets (``demo_data/datasets.json``: public toilets, bicycle stations, car
parks, air-quality stations) defined and released through the real upload path — each
one's rows become a CSV file that ``release_publish`` reads. Idempotent: run again, it
changes nothing (the same definition, the same file)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from onething.core.exports import rows_to_csv
from onething.core.models import Department
from onething.core.permissions import SYSTEM

from ..rules.definitions import FieldSpec
from .catalogue import dataset_define, figure_datasets_register
from .releases import release_publish

DATA = Path(__file__).resolve().parents[1] / "demo_data" / "datasets.json"
FIGURES_PUBLISHER = "WX-SJ"  # 无锡市数据局, which runs the platform


def _csv_bytes(fields: list[FieldSpec], rows: list[list[Any]]) -> bytes:
    """The rows as the department would export them: a CSV headed by the labels."""
    cells = [["是" if v is True else "否" if v is False else v for v in row] for row in rows]
    return rows_to_csv([f.label for f in fields], cells)


def _publisher(codes: list[str]) -> str | None:
    """The first of ``codes`` the city has (a department the demo may not have made)."""
    found = set(Department.objects.filter(code__in=codes).values_list("code", flat=True))
    return next((code for code in codes if code in found), None)


def demo_catalogue(log: Callable[[str], None], *, figures_publisher: str = FIGURES_PUBLISHER):
    """Register the figure datasets and publish the department datasets (as the system)."""
    registered = figure_datasets_register(actor=SYSTEM, publisher=figures_publisher)
    log(
        f"open data: figure datasets {registered.created} new, {registered.changed} changed, "
        f"{registered.unchanged} unchanged"
    )
    spec = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in spec["datasets"]:
        publisher = _publisher(entry["publisher"])
        if publisher is None:
            log(f"open data: {entry['key']} skipped (none of {entry['publisher']} exists)")
            continue
        fields = [FieldSpec(*f) for f in entry["fields"]]
        dataset, created = dataset_define(
            actor=SYSTEM,
            key=entry["key"],
            title=entry["title"],
            description=entry["description"],
            publisher=publisher,
            theme=entry["theme"],
            keywords=entry["keywords"],
            licence=entry["licence"],
            update_frequency=entry["update_frequency"],
            fields=fields,
            issued=dt.date.fromisoformat(entry["issued"]),
        )
        release, published = release_publish(
            actor=SYSTEM,
            key=dataset.key,
            name=f"{dataset.key}.csv",
            data=_csv_bytes(fields, entry["rows"]),
        )
        log(
            f"open data: {dataset.key} ({publisher}) {'defined' if created else 'kept'}, "
            f"release {release.number} {'published' if published else 'kept'} "
            f"({release.row_count} rows)"
        )
