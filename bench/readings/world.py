"""The devices of the run: DEVICES air-quality stations of one department in one district,
each with METRICS monitored values (m0 with a warning and an alarm threshold), and each
device's token. Made directly in the bench database (the demo city is not needed)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from . import DEVICES, METRICS


@dataclass
class World:
    codes: list[str]  # by device index
    tokens: list[str]
    metric_ids: list[list[int]]  # [device][metric]


def world_build() -> World:
    from onething.cityops.models import DataFeed, Device, DeviceType, Metric
    from onething.cityops.selectors.devices import TOKEN_PREFIX, device_token_digest
    from onething.core.models import Department, Region
    from onething.core.models.organisations import DepartmentKind

    region = Region.objects.create(code="320299", name="基准区", level="county", path="/320299/")
    department = Department.objects.create(
        code="BENCH-HB", name="基准生态环境局", kind=DepartmentKind.values[0], region=region
    )
    kind = DeviceType.objects.create(code="bench-aq", name="空气质量站")
    feed = DataFeed.objects.create(
        code="BENCH-AQ", name="空气质量", department=department, kind="mqtt"
    )
    tokens = [f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}" for _ in range(DEVICES)]
    devices = Device.objects.bulk_create(
        Device(
            code=f"AQ-{n:05d}",
            name=f"空气质量站 {n}",
            type=kind,
            department=department,
            feed=feed,
            region=region,
            latitude=Decimal("31.5"),
            longitude=Decimal("120.3"),
            token_digest=device_token_digest(tokens[n]),
        )
        for n in range(DEVICES)
    )
    metrics = Metric.objects.bulk_create(
        Metric(
            device=device,
            code=f"m{k}",
            name=f"指标 {k}",
            unit="µg/m³",
            min_possible=0,
            max_possible=1000,
            **({"warning_high": 8.0, "alarm_high": 9.0, "hysteresis": 0.2} if k == 0 else {}),
        )
        for device in devices
        for k in range(METRICS)
    )
    return World(
        codes=[d.code for d in devices],
        tokens=tokens,
        metric_ids=[
            [m.pk for m in metrics[n * METRICS : (n + 1) * METRICS]] for n in range(DEVICES)
        ],
    )
