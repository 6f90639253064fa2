"""The demo catalogue (data/catalogue.json): 29 cross-region items in the 5
categories of the seeds (商事登记, 社保, 医保, 税务, 民生; the first nine are those of the June
2021 agreement between 胡埭镇 and 雪堰镇), plus the items the one-thing bundles use (纳税申报,
纳税查验, 公司变更登记, 营业执照, 规划许可, 施工图审查, 施工许可 …). Written through the
catalogue's own import service, so every row is checked like an uploaded one; idempotent."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from onething.catalog.models import Category, LifeEvent, MaterialType
from onething.catalog.services import catalogue_import_rows
from onething.core.permissions import SYSTEM

FIXTURE = Path(__file__).resolve().parent / "data" / "catalogue.json"


@cache
def data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def cross_region_codes() -> list[str]:
    return list(data()["cross_region_items"])


def setup(log: Callable[[str], None]) -> list[dict]:
    for row in data()["categories"]:
        Category.objects.get_or_create(code=row["code"], defaults=row)
    for row in data()["life_events"]:
        LifeEvent.objects.get_or_create(code=row["code"], defaults=row)
    for row in data()["material_types"]:
        MaterialType.objects.get_or_create(code=row["code"], defaults=row)
    result = catalogue_import_rows(actor=SYSTEM, rows=data()["items"], only_new=True)
    log(f"catalogue: {result.created} new items, {result.total} in all")
    return []
