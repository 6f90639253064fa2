"""A small operations-centre world on the demo city's base: a water-level gauge of 无锡市城市
管理局 (WX-CG) in 胡埭镇 with a level (thresholds: warning 3.0 m, alarm 3.5 m, hysteresis
0.1 m, possible 0–20 m) and a rainfall value (no thresholds), a second device of another
department (滨湖区市场监管局, BH-SCJG), a camera of the river's sluice, and accounts made
here for the roles the demo has no second one of. Built by each test that needs it
(inside its rolled-back transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from onething.cityops.models import DataFeed, Device, DeviceType, Metric, VideoResource
from onething.core import clock
from onething.core.models import Department, Region, User
from onething.core.permissions import Actor, actor_for

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    """An aware moment on ``day`` (YYYY-MM-DD), Shanghai time."""
    return dt.datetime.fromisoformat(day).replace(
        hour=hour, minute=minute, second=second, tzinfo=SHANGHAI
    )


def account(username: str, role: str, **scope) -> Actor:
    """A new account of ``role`` (scope by codes: department, region) and its actor."""
    if "department" in scope:
        scope["department"] = Department.objects.get(code=scope["department"])
    if "region" in scope:
        scope["region"] = Region.objects.get(code=scope["region"])
    user = User.objects.create(username=username, role=role, **scope)
    return actor_for(User.objects.select_related("department__region", "region").get(pk=user.pk))


@dataclass
class Ops:
    city: object
    gauge_type: DeviceType
    feed: DataFeed
    gauge: Device
    level: Metric
    rain: Metric
    other: Device  # of another department (BH-SCJG), in 滨湖区

    def actor(self, username: str) -> Actor:
        return self.city.actor(username)

    def fresh(self, device: Device | None = None) -> Device:
        return Device.objects.get(pk=(device or self.gauge).pk)


def build(city) -> Ops:
    gauge_type = DeviceType.objects.create(
        code="water-level", name="水位计", default_silent_after_seconds=600
    )
    feed = DataFeed.objects.create(
        code="WX-CG-IOT",
        name="城管物联感知",
        department=Department.objects.get(code="WX-CG"),
        kind="mqtt",
        update_frequency="每分钟",
    )
    gauge = Device.objects.create(
        code="WL-HD-001",
        name="胡埭河水位计",
        type=gauge_type,
        department=Department.objects.get(code="WX-CG"),
        feed=feed,
        region=Region.objects.get(code="320211102"),
        latitude=Decimal("31.534000"),
        longitude=Decimal("120.143000"),
        created_at=clock.now(),
    )
    level = Metric.objects.create(
        device=gauge,
        code="level",
        name="水位",
        unit="m",
        min_possible=0,
        max_possible=20,
        warning_high=3.0,
        alarm_high=3.5,
        hysteresis=0.1,
    )
    rain = Metric.objects.create(device=gauge, code="rain", name="雨量", unit="mm")
    other = Device.objects.create(
        code="SM-BH-001",
        name="滨湖烟感",
        type=gauge_type,
        department=Department.objects.get(code="BH-SCJG"),
        region=Region.objects.get(code="320211"),
        latitude=Decimal("31.500000"),
        longitude=Decimal("120.200000"),
    )
    Metric.objects.create(device=other, code="smoke", name="烟雾浓度", unit="%", warning_high=5)
    VideoResource.objects.create(
        code="CAM-HD-001",
        name="胡埭河闸口",
        department=Department.objects.get(code="WX-CG"),
        region=Region.objects.get(code="320211102"),
        kind="waterway",
    )
    return Ops(city, gauge_type, feed, gauge, level, rain, other)


def item(metric: str, value, when: dt.datetime | str) -> dict:
    """One reading of a batch, its time as ISO 8601 text (as a device sends it)."""
    return {
        "metric": metric,
        "value": value,
        "at": when if isinstance(when, str) else when.isoformat(),
    }
