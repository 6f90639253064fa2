"""The operations centre's public figures (GET /api/cityops/public/figures, anonymous),
each counted from the records the register's services make: the first active feed's
connection date, the departments of active feeds (a switched-off feed's does not count),
devices, monitored values, video resources, and 锡心办 coverage; a registration renews
the cached figures at once. The register's services refuse bad input whole, naming each
field and rule, and only administrators register."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cityops.models import DataFeed, Device, Metric, VideoResource
from onething.cityops.services.registry import (
    DeviceSpec,
    MetricSpec,
    device_tokens_assign,
    device_type_register,
    devices_register,
    feed_register,
)
from onething.cityops.services.videos import VideoSpec, videos_register
from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.services.directory import UnitSpec, directory_units_add

URL = "/api/cityops/public/figures"
LEVEL = MetricSpec("water_level", "水位", "m", 0, 15, 3.8, 4.2, hysteresis=0.05)
RAIN = MetricSpec("rain_1h", "小时雨量", "mm", 0, 200, 20, 50, hysteresis=1)


def _device(code: str, **changes) -> DeviceSpec:
    fields = {
        "code": code,
        "name": "胡埭河水位计",
        "type_code": "t-gauge",
        "department_code": "WX-CG",
        "region_code": "320211102",
        "latitude": 31.53,
        "longitude": 120.14,
        "metrics": (LEVEL, RAIN),
        "feed_code": "T-FEED-CG",
    }
    return DeviceSpec(**(fields | changes))


def _video(n: int, **changes) -> VideoSpec:
    fields = {
        "code": f"T-V-{n:05d}",
        "name": f"胡埭鸿翔路路口{n}",
        "department_code": "WX-CG",
        "region_code": "320211102",
        "kind": "traffic",
        "latitude": 31.53,
        "longitude": 120.14,
    }
    return VideoSpec(**(fields | changes))


@pytest.fixture
def register(city):
    admin = city.actor("admin")
    feed_register(
        actor=admin,
        code="T-FEED-CG",
        name="城市部件物联感知",
        department_code="WX-CG",
        kind="mqtt",
        connected_on=dt.date(2021, 9, 2),
    )
    feed_register(
        actor=admin,
        code="T-FEED-ZJ",
        name="建筑工地安全监测",
        department_code="WX-ZJ",
        kind="http",
        connected_on=dt.date(2021, 10, 1),
    )
    feed_register(  # switched off, and earlier: counts for nothing
        actor=admin,
        code="T-FEED-MZ",
        name="养老机构紧急呼叫",
        department_code="WX-MZ",
        kind="http",
        connected_on=dt.date(2020, 1, 1),
        is_active=False,
    )
    device_type_register(actor=admin, code="t-gauge", name="水位计", silent_after_seconds=1800)
    devices_register(actor=admin, devices=[_device("T-D-1"), _device("T-D-2")])
    videos_register(actor=admin, videos=(_video(n) for n in range(1, 1201)))
    directory_units_add(
        actor=admin,
        units=[
            UnitSpec(
                "T-C-1",
                "无锡市城市管理局",
                "city",
                "320200",
                "",
                "WX-CG",
                True,
                dt.date(2021, 6, 1),
            ),
            UnitSpec(
                "T-Q-1",
                "胡埭锦园社区",
                "community",
                "320211102",
                on_collaborative_office=True,
                joined_on=dt.date(2021, 9, 1),
            ),
            UnitSpec("T-Q-2", "胡埭和苑社区", "community", "320211102"),
        ],
    )
    return admin


def test_the_figures_are_public_and_counted_from_the_records(city, register):
    answer = city.client().get(URL)
    assert answer.status_code == 200
    figures = answer.json()
    active = DataFeed.objects.filter(is_active=True)
    assert figures["went_live_on"] == "2021-09-02"  # not the switched-off feed's 2020
    assert figures["departments"] == active.values("department").distinct().count() == 2
    assert figures["feeds"] == active.count() == 2
    assert figures["devices"] == Device.objects.count() >= 2
    assert figures["monitored_values"] == Metric.objects.count() >= 4
    assert figures["video_resources"] == VideoResource.objects.count() >= 1200
    office = figures["collaborative_office"]
    assert office["city"] >= 1 and office["community"] >= 1
    assert office["total"] == sum(office[k] for k in ("city", "district", "street", "community"))
    assert city.client().post(URL).status_code == 405


def test_a_registration_moves_the_figures_at_once(city, register):
    client = city.client()
    before = client.get(URL).json()
    videos_register(actor=register, videos=[_video(5001)])
    devices_register(actor=register, devices=[_device("T-D-3", metrics=(LEVEL,))])
    directory_units_add(
        actor=register,
        units=[
            UnitSpec(
                "T-S-1",
                "滨湖区胡埭镇",
                "street",
                "320211102",
                on_collaborative_office=True,
                joined_on=dt.date(2021, 8, 1),
            )
        ],
    )
    after = client.get(URL).json()
    assert after["video_resources"] == before["video_resources"] + 1
    assert after["devices"] == before["devices"] + 1
    assert after["monitored_values"] == before["monitored_values"] + 1
    assert after["collaborative_office"]["street"] == before["collaborative_office"]["street"] + 1


def test_a_bad_camera_refuses_the_whole_batch(city, register):
    before = VideoResource.objects.count()
    rows = [_video(n) for n in range(2001, 2011)] + [
        _video(1),  # registered already
        _video(2001),  # twice in the batch
        _video(2100, name="", kind="satellite"),
        _video(2101, department_code="NOPE", region_code="999999"),
        _video(2102, latitude=91.0, longitude=True),
        _video(2103, code="X" * 41),
    ]
    with pytest.raises(ValidationFailed) as refused:
        videos_register(actor=register, videos=rows)
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert found == {
        ("videos.10.code", "unique"),
        ("videos.11.code", "unique"),
        ("videos.12.name", "length"),
        ("videos.12.kind", "choice"),
        ("videos.13.department", "unknown"),
        ("videos.13.region", "unknown"),
        ("videos.14.latitude", "range"),
        ("videos.14.longitude", "range"),
        ("videos.15.code", "length"),
    }
    assert VideoResource.objects.count() == before  # the good rows were not kept either
    with pytest.raises(PermissionDenied):
        videos_register(actor=city.actor("dispatcher"), videos=[_video(3001)])


def test_bad_devices_and_feeds_are_refused_with_every_problem(city, register):
    bad_metric = MetricSpec("level", "水位", "m", 20, 10, warning_high=5, alarm_high=4)
    with pytest.raises(ValidationFailed) as refused:
        devices_register(
            actor=register,
            devices=[
                _device("T-D-1"),
                _device("T-D-9", type_code="nope", latitude=120, metrics=(bad_metric, bad_metric)),
                _device("T-D-10", feed_code="NOPE", region_code="999999"),
            ],
        )
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert {
        ("devices.0.code", "unique"),
        ("devices.1.type", "unknown"),
        ("devices.1.latitude", "range"),
        ("devices.1.metrics.0.alarm_high", "order"),
        ("devices.1.metrics.0.max_possible", "order"),
        ("devices.1.metrics.1.code", "unique"),
        ("devices.2.feed", "unknown"),
        ("devices.2.region", "unknown"),
    } <= found
    assert not Device.objects.filter(code__in=["T-D-9", "T-D-10"]).exists()
    with pytest.raises(ValidationFailed) as refused:
        feed_register(
            actor=register,
            code="T-FEED-CG",
            name="",
            department_code="NOPE",
            kind="pigeon",
            connected_on=clock.today() + dt.timedelta(days=2),
        )
    assert {p.field for p in refused.value.problems} == {
        "code",
        "name",
        "department",
        "kind",
        "connected_on",
    }
    with pytest.raises(ValidationFailed) as refused:
        device_tokens_assign(actor=register, tokens={"T-D-1": "short", "NOPE": "dv_" + "x" * 40})
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("tokens.T-D-1", "format"),
        ("tokens.NOPE", "unknown"),
    }
    with pytest.raises(PermissionDenied):
        devices_register(actor=city.actor("supervisor"), devices=[_device("T-D-8")])
