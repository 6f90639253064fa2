"""The operations centre's register in the demo city, made by cityops' services: the
departments feeding it, their feeds (connected from the day it went live), the kinds of
device, more than 2,000 devices with more than 6,000 monitored values placed in Wuxi's
districts, and each device's token (derived from the server's secret, so the simulator
can sign in as it; only the keyed hash is stored)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.conf import settings

from onething.cityops.models import DataFeed, Device, DeviceType
from onething.cityops.rules.simulation import demo_device_token
from onething.cityops.services.registry import (
    DeviceSpec,
    MetricSpec,
    device_tokens_assign,
    device_type_register,
    devices_register,
    feed_register,
)
from onething.core import clock
from onething.core.models import Department
from onething.core.permissions import SYSTEM
from onething.core.services.organisations import department_create

from ..timeline import at
from .data import DEPARTMENTS, FEEDS, VIDEO_ONLY_DEPARTMENTS, WENT_LIVE
from .geo import CENTRES, ROADS, district_of, place, regions_drawn
from .kinds import TYPES

CITY = "320200"
PREFIX = "WX-"  # the demo devices' codes: WX-<kind's prefix>-<number>


def connected(day: dt.date) -> dt.datetime:
    """The moment a feed (and its devices) were connected: 9:00 that day in Wuxi."""
    return at(day, 9)


def load_departments(log: Callable[[str], None]) -> None:
    made = 0
    for code, name, kind in DEPARTMENTS + VIDEO_ONLY_DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            with clock.frozen(connected(WENT_LIVE)):
                department_create(actor=SYSTEM, code=code, name=name, kind=kind, region_code=CITY)
            made += 1
    log(f"operations centre: {made} new departments, {len(DEPARTMENTS)} feeding it")


def load_feeds(log: Callable[[str], None]) -> None:
    made = 0
    for code, name, department, kind, frequency, connected_on, active in FEEDS:
        if DataFeed.objects.filter(code=code).exists():
            continue
        with clock.frozen(connected(connected_on)):
            feed_register(
                actor=SYSTEM,
                code=code,
                name=name,
                department_code=department,
                kind=kind,
                update_frequency=frequency,
                connected_on=connected_on,
                is_active=active,
            )
        made += 1
    for code, _prefix, name, _dept, _feed, silent, *_rest in TYPES:
        if not DeviceType.objects.filter(code=code).exists():
            with clock.frozen(connected(WENT_LIVE)):
                device_type_register(
                    actor=SYSTEM, code=code, name=name, silent_after_seconds=silent
                )
    log(f"data feeds: {made} new, {DataFeed.objects.count()} in all")


def device_specs() -> list[DeviceSpec]:
    """Every demo device, drawn with a fixed seed per kind (the same on every load)."""
    specs = []
    for code, prefix, name, department, feed, _silent, count, security, values in TYPES:
        rng = random.Random(f"demo-devices-{code}")
        metrics = tuple(MetricSpec(**value) for value in values)
        for n, region in enumerate(regions_drawn(rng, count), 1):
            latitude, longitude = place(rng, region)
            district = district_of(region)
            road = rng.choice(ROADS[district])
            specs.append(
                DeviceSpec(
                    code=f"{PREFIX}{prefix}-{n:04d}",
                    name=f"{CENTRES[district][0]}{road}{rng.randint(1, 399)}号{name}",
                    type_code=code,
                    department_code=department,
                    feed_code=feed,
                    region_code=region,
                    latitude=latitude,
                    longitude=longitude,
                    is_security=security,
                    metrics=metrics,
                )
            )
    return specs


def load_devices(log: Callable[[str], None]) -> list[DeviceSpec]:
    """The devices not registered yet, registered; every demo device's token set."""
    specs = device_specs()
    made = set(Device.objects.filter(code__startswith=PREFIX).values_list("code", flat=True))
    missing = [s for s in specs if s.code not in made]
    feeds = {code: day for code, _n, _d, _k, _f, day, _a in FEEDS}
    for feed in sorted({s.feed_code for s in missing}):  # each feed's, as it was connected
        with clock.frozen(connected(feeds[feed]) + dt.timedelta(hours=2)):
            devices_register(actor=SYSTEM, devices=[s for s in missing if s.feed_code == feed])
    tokens = {s.code: demo_device_token(settings.SECRET_KEY, s.code) for s in specs}
    changed = device_tokens_assign(actor=SYSTEM, tokens=tokens)
    metrics = sum(len(s.metrics) for s in specs)
    log(
        f"devices: {len(missing)} new ({len(specs)} demo devices, {metrics} monitored values), "
        f"{changed} tokens set"
    )
    return specs
